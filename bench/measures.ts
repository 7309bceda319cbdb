import { slashCommandAck } from './measure-ack.ts';
import { delivery, submissionsWhileDelivering } from './measure-delivery.ts';
import { digestFanOut } from './measure-fanout.ts';
import { commentBurst } from './measure-comments.ts';
import { faultRun } from './measure-faults.ts';
import { flagEventLoad } from './measure-flags.ts';
import { largeWorkspace } from './measure-large.ts';
import { teamsWorkspace } from './measure-teams.ts';
import { startupAndIdleMemory } from './measure-startup.ts';
import { modalSubmission } from './measure-submission.ts';
import type { Measure } from './report.ts';

/** Every measure, in the order they run and appear in the table. */
export const measures: Measure[] = [startupAndIdleMemory, slashCommandAck, modalSubmission, commentBurst, largeWorkspace, teamsWorkspace, faultRun, flagEventLoad, delivery, submissionsWhileDelivering, digestFanOut];
