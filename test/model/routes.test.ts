import { describe, expect, it } from 'vitest';
import { K_ACQUIRER_ARRIVE, K_BANK_ARRIVE, K_CLEARING_ARRIVE, K_ISSUER_ARRIVE, K_PLATFORM_ARRIVE, K_SWITCH_ARRIVE } from '../../src/model/events.js';
import { L_ACQ_SW, L_ACQ_TERM, L_CH_ISS, L_CH_PLAT, L_ISS_CH, L_ISS_SW, L_PLAT_CH, L_PLAT_TERM, L_SW_ACQ, L_SW_ISS, L_TERM_ACQ, L_TERM_PLAT } from '../../src/model/links.js';
import { LINK_SIDE } from '../../src/model/links.js';
import {
  BACK_LEG, NEXT_KIND, OUT_LEG, PARTY_KINDS, P_ACQUIRER, P_BANK, P_CLEARING, P_ISSUER, P_PLATFORM, P_SWITCH, P_TERMINAL, ROUTES,
  R_FOUR_PARTY, R_THREE_PARTY, R_THREE_PARTY_BANK, backLink, outLink,
} from '../../src/model/routes.js';

describe('routes', () => {
  it('the four-party route goes terminal -> acquirer -> switch -> issuer and answers back the same way', () => {
    const r = ROUTES[R_FOUR_PARTY]!;
    expect([...r.parties]).toEqual([P_TERMINAL, P_ACQUIRER, P_SWITCH, P_ISSUER]);
    expect([P_TERMINAL, P_ACQUIRER, P_SWITCH].map((p) => outLink(r, p))).toEqual([L_TERM_ACQ, L_ACQ_SW, L_SW_ISS]);
    expect([P_ISSUER, P_SWITCH, P_ACQUIRER].map((p) => backLink(r, p))).toEqual([L_ISS_SW, L_SW_ACQ, L_ACQ_TERM]);
    expect([...r.nextKind].slice(0, 4)).toEqual([K_ACQUIRER_ARRIVE, K_SWITCH_ARRIVE, K_ISSUER_ARRIVE, -1]);
    expect([...r.nextKind].slice(4)).toEqual([-1, -1, -1]);
  });

  it('the three-party routes go terminal -> platform (-> clearing house -> issuer) and never through the switch', () => {
    const balance = ROUTES[R_THREE_PARTY]!;
    const bank = ROUTES[R_THREE_PARTY_BANK]!;
    expect([...balance.parties]).toEqual([P_TERMINAL, P_PLATFORM]);
    expect([...bank.parties]).toEqual([P_TERMINAL, P_PLATFORM, P_CLEARING, P_BANK]);
    expect([P_TERMINAL, P_PLATFORM, P_CLEARING].map((p) => outLink(bank, p))).toEqual([L_TERM_PLAT, L_PLAT_CH, L_CH_ISS]);
    expect([P_BANK, P_CLEARING, P_PLATFORM].map((p) => backLink(bank, p))).toEqual([L_ISS_CH, L_CH_PLAT, L_PLAT_TERM]);
    expect(bank.nextKind[P_TERMINAL]).toBe(K_PLATFORM_ARRIVE);
    expect(bank.nextKind[P_PLATFORM]).toBe(K_CLEARING_ARRIVE);
    expect(bank.nextKind[P_CLEARING]).toBe(K_BANK_ARRIVE);
    for (const r of [balance, bank]) expect([r.at[P_SWITCH], r.at[P_ACQUIRER], r.at[P_ISSUER]]).toEqual([-1, -1, -1]);
  });

  it('the flat tables the hot path reads agree with every route', () => {
    ROUTES.forEach((r, ri) => {
      for (let p = 0; p < PARTY_KINDS; p++) {
        const i = r.at[p]!;
        const k = ri * PARTY_KINDS + p;
        const leg = (link: number): number => link * 2 + LINK_SIDE[link]!;
        expect(OUT_LEG[k]).toBe(i >= 0 && i + 1 < r.parties.length ? leg(r.out[i]!) : -1);
        expect(BACK_LEG[k]).toBe(i > 0 ? leg(r.back[i - 1]!) : -1);
        expect(NEXT_KIND[k]).toBe(r.nextKind[p]);
      }
    });
  });
});
