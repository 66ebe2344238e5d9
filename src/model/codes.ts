/** Response codes the network itself produces (ISO 8583); the scenario's random mix adds its own. */
export const BASE_CODES = ['00', '05', '14', '41', '43', '51', '54', '61', '68', '91', '96'] as const;
