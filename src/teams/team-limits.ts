/** What a team may hold: a name of 1–40 characters, and as many intake channels and triagers as the modal's selects take. */
export const teamLimits = { name: 40, intakeChannels: 20, triagers: 20 } as const;
