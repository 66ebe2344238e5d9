import { describe, expect, it } from 'vitest';
import { K_PROVISION_DAY, P_PROVISION_DAY } from '../../src/model/events.js';
import { bassShare, onKeyReplenish, onProvision, tokenPay } from '../../src/model/parties/token-service.js';
import {
  W_ATTEMPTS,
  W_FIELDS,
  W_KEYLESS_DECLINES,
  W_KEYLESS_ONLINE,
  W_PROVISIONED,
  W_REPLENISHMENTS,
  W_TOKENS_ACTIVE,
  W_TSM_FAILURES,
} from '../../src/model/results.js';
import { TerminalTable, rolloutShare } from '../../src/model/terminals.js';
import { parseScenario } from '../../src/scenario/index.js';
import { CHANNEL_NFC_TOKEN, type MerchantsSpec, type RolloutSpec, type Scenario, type TokenKindSpec, type WalletSpec } from '../../src/scenario/types.js';
import { smallWorld } from '../helpers/world.js';

const DAY_US = 86_400_000_000;

function walletSpec(o: Partial<WalletSpec>): WalletSpec {
  return {
    enabled: true, name: 'Pay', eligibleShare: 1, bassP: 0.5, bassQ: 0, stepUpShare: 0, provisioningFailure: 0, uplift: 1, tokenWeight: 1,
    issuers: [0, 1], ...o,
  };
}

/** A small world with these wallets (and phones), every card of both issuers active. */
function withWallets(wallets: WalletSpec[], edit: (sc: Scenario) => Scenario = (sc) => sc, seed = 1) {
  return smallWorld((sc) => edit({
    ...sc,
    cards: { ...sc.cards, activeShare: 1 },
    phones: [{ name: 'huawei', share: 0.3 }, { name: 'other', share: 0.7 }],
    wallet: wallets[0]!,
    wallets,
  }), { seed });
}

const hce = (o: Partial<Extract<TokenKindSpec, { kind: 'hce' }>> = {}): TokenKindSpec => ({
  kind: 'hce', keys: 2, replenishBelow: 0, replenishDelay: { kind: 'fixed', valueUs: 3_600_000_000 }, replenishFailure: 0,
  noKey: 'decline', onlineLatency: { kind: 'fixed', valueUs: 400_000 }, ...o,
});

describe('several wallets', () => {
  it('each wallet follows its own Bass closed form over its own pool, and a card may hold tokens in several', () => {
    const days = 30;
    const a = walletSpec({ name: 'A', bassP: 0.01, bassQ: 0.1 });
    const b = walletSpec({ name: 'B', bassP: 0.002, bassQ: 0.2, devices: [0], eligibleShare: 0.5 });
    const { w } = withWallets([a, b], (sc) => ({
      ...sc,
      cards: { ...sc.cards, count: 200_000, activeShare: 1 },
      demand: { ...sc.demand, constantPerSecond: 1e-9 },
      durationUs: days * DAY_US,
    }));
    const [wa, wb] = w.wallet.list;
    expect(wa!.pool).toBe(200_000);
    expect(wb!.pool).toBe(30_000); // 0.5 of the 30 % with a Huawei phone
    w.sim.at(0, K_PROVISION_DAY, 0, 0, P_PROVISION_DAY);
    w.sim.at(0, K_PROVISION_DAY, 1, 0, P_PROVISION_DAY);
    w.sim.run(Infinity);
    const d = w.stats.walletDays;
    [a, b].forEach((spec, k) => {
      const pool = w.wallet.list[k]!.pool;
      for (const t of [10, 20, 30]) {
        const share = d[(k * w.stats.days + t - 1) * W_FIELDS + W_TOKENS_ACTIVE]! / pool;
        const f = bassShare(t, spec.bassP, spec.bassQ);
        // Binomial spread of the pool, widened for the diffusion's own noise: 5 sd, at least 5 %.
        const band = Math.max(0.05 * f, 5 * Math.sqrt((f * (1 - f)) / pool));
        expect(Math.abs(share - f)).toBeLessThan(band);
      }
    });
    // Wallet B's holders all have an eligible phone; some cards hold both tokens.
    let both = 0;
    for (let c = 0; c < w.cards.count; c++) if (w.wallet.active[c] === 3) both++;
    expect(both).toBeGreaterThan(0);
    expect(w.wallet.tokenCount).toBe(wa!.activeCount + wb!.activeCount - both);
  });

  it('a holder of two tokens pays with either; a token purchase carries its wallet', () => {
    const { w } = withWallets([walletSpec({ name: 'A' }), walletSpec({ name: 'B' })]);
    w.wallet.active[5] = 3;
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const slot = w.flight.alloc();
      expect(tokenPay(w, slot, 5, 0)).toBe(0);
      seen.add(w.flight.platform[slot]!);
    }
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('the single wallet: form is a list of one', () => {
    const text = `name: one\nduration: 1d\ncards: { count: 1000 }\nissuers: { count: 2, wallet: [Issuer 1] }\nacquirers: { count: 1 }\nmerchants:\n  terminals: 100\n  categories:\n    - { name: shop, mcc: 5411, share: 1.0, ticket: { dist: fixed, value: 100 } }\nwallet: { name: Huawei Pay }\n`;
    const r = parseScenario(text);
    expect(r.errors).toEqual([]);
    expect(r.scenario!.wallets.map((x) => x.name)).toEqual(['Huawei Pay']);
    expect(r.scenario!.wallet.eligibleShare).toBe(0.15);
  });
});

describe('token kinds', () => {
  it('an HCE token spends its keys, asks for more at the threshold and with none left declines', () => {
    const { w } = withWallets([walletSpec({ token: hce() })], (sc) => ({ ...sc, durationUs: 2 * DAY_US }));
    w.wallet.active[7] = 1;
    w.wallet.keys![7] = 2;
    const slot = w.flight.alloc();
    expect(tokenPay(w, slot, 7, 0)).toBe(0); // 1 left
    expect(tokenPay(w, slot, 7, 0)).toBe(0); // 0 left: replenishment asked
    expect(w.sim.pending).toBe(1);
    expect(tokenPay(w, slot, 7, 0)).toBe(-1);
    expect(w.stats.walletDays[W_KEYLESS_DECLINES]).toBe(1);
    expect(w.decisions.codes[w.wallet.codeNoKey]).toBe('NK');
    onKeyReplenish(w, 0, 7);
    expect(w.stats.walletDays[W_REPLENISHMENTS]).toBe(1);
    expect(tokenPay(w, slot, 7, 0)).toBe(0);
  });

  it('an HCE token with no key goes online when the scenario says so', () => {
    const { w } = withWallets([walletSpec({ token: hce({ keys: 1, noKey: 'online' }) })]);
    w.wallet.active[3] = 1;
    w.wallet.keys![3] = 1;
    const slot = w.flight.alloc();
    expect(tokenPay(w, slot, 3, 0)).toBe(0);
    expect(tokenPay(w, slot, 3, 0)).toBe(400_000);
    expect(w.stats.walletDays[W_KEYLESS_ONLINE]).toBe(1);
    expect(w.stats.walletDays[W_KEYLESS_DECLINES]).toBe(0);
    expect(w.decisions.codes).not.toContain('NK');
  });

  it('a secure-element token fails at a TSM step, or is active when its last step is done', () => {
    const steps = (failure: number) => [
      { name: 'create', latency: { kind: 'fixed' as const, valueUs: 2_000_000 }, failure: 0 },
      { name: 'personalise', latency: { kind: 'fixed' as const, valueUs: 3_000_000 }, failure },
    ];
    const failing = withWallets([walletSpec({ token: { kind: 'se', steps: steps(1) } })]).w;
    for (let i = 0; i < 5; i++) onProvision(failing, 0);
    const d = failing.stats.walletDays;
    expect([d[W_ATTEMPTS], d[W_TSM_FAILURES], d[W_PROVISIONED], failing.wallet.tokenCount]).toEqual([5, 5, 0, 0]);
    const { w } = withWallets([walletSpec({ token: { kind: 'se', steps: steps(0) } })]);
    onProvision(w, 0);
    expect(w.wallet.tokenCount).toBe(0);
    w.sim.run(4_999_999);
    expect(w.wallet.tokenCount).toBe(0);
    w.sim.run(5_000_000);
    expect(w.wallet.tokenCount).toBe(1);
    expect(w.stats.walletDays[W_PROVISIONED]).toBe(1);
  });
});

describe('terminal rollout', () => {
  const merchants: MerchantsSpec = {
    terminals: 20_000,
    terminalsPerMerchant: 1,
    categories: [{ name: 'shop', mcc: 5411, share: 1, ticket: { kind: 'fixed', valueMinor: 100 }, cardNotPresent: false }],
    capabilityShare: [1, 1, 0.1, 0, 0],
    terminalTimeoutUs: 30_000_000,
  };
  const rollout: RolloutSpec = { channels: [{ channel: CHANNEL_NFC_TOKEN, kind: 'schedule', days: [0, 10, 30], shares: [0.1, 0.3, 0.7] }] };

  it('a schedule reaches its shares, and a terminal that took NFC keeps it', () => {
    const t = new TerminalTable(merchants, [1], 1);
    const bit = 1 << CHANNEL_NFC_TOKEN;
    let before = new Uint8Array(0);
    for (const [day, want] of [[0, 0.1], [5, 0.2], [10, 0.3], [20, 0.5], [30, 0.7], [40, 0.7]] as const) {
      t.rollOut(rollout, day, merchants);
      let n = 0;
      let lost = 0;
      for (let i = 0; i < t.count; i++) {
        if ((t.capabilitiesOf(i) & bit) !== 0) n++;
        else if ((before[i] ?? 0) !== 0) lost++;
      }
      expect(lost).toBe(0);
      expect(rolloutShare(rollout.channels[0]!, day)).toBeCloseTo(want, 12);
      expect(Math.abs(n / t.count - want)).toBeLessThan(4 * Math.sqrt((want * (1 - want)) / t.count));
      before = Uint8Array.from({ length: t.count }, (_, i) => t.capabilitiesOf(i) & bit);
    }
  });

  it('Bass rollout by acquirers follows its closed form from the start share to the ceiling', () => {
    const r = { channel: CHANNEL_NFC_TOKEN, kind: 'bass' as const, start: 0.1, ceiling: 0.8, p: 0.01, q: 0.2 };
    expect(rolloutShare(r, 0)).toBeCloseTo(0.1, 12);
    expect(rolloutShare(r, 60)).toBeGreaterThan(0.7);
    expect(rolloutShare(r, 400)).toBeLessThanOrEqual(0.8);
  });
});

describe('validation of the wallet sections', () => {
  const head = `name: w\nduration: 1d\ncards: { count: 1000 }\nissuers: { count: 2, names: [Gazprombank, Rosselkhozbank] }\nacquirers: { count: 1 }\nmerchants:\n  terminals: 100\n  categories:\n    - { name: shop, mcc: 5411, share: 1.0, ticket: { dist: fixed, value: 100 } }\n`;
  const errorsOf = (yaml: string) => parseScenario(head + yaml, 'w.yaml').errors.map((e) => `${e.line}:${e.column} ${e.path} ${e.code} ${e.message}`);

  it('names an unknown phone brand and issuer where they are written, with the nearest name', () => {
    const errs = errorsOf(`phones: { huawei: 0.3, other: 0.7 }\nwallets:\n  - name: Huawei Pay\n    devices: [huwei]\n    issuers: [Gazprombnk]\n`);
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^13:15 wallets\[0\]\.devices\[0\] unknown_name .*did you mean 'huawei'/);
    expect(errs[1]).toMatch(/^14:15 wallets\[0\]\.issuers\[0\] unknown_name .*did you mean 'Gazprombank'/);
  });

  it('refuses wallet and wallets together, a secure element without TSM steps, and a threshold not below the keys', () => {
    expect(errorsOf(`wallet: { name: A }\nwallets:\n  - { name: B, issuers: [Gazprombank] }\n`).join('\n')).toMatch(/^11:1 wallets conflicting_keys/);
    expect(errorsOf(`wallets:\n  - { name: B, issuers: [Gazprombank], token: { kind: se } }\n`).join('\n')).toMatch(/^11:55 wallets\[0\]\.token\.kind missing_key/);
    expect(errorsOf(`wallets:\n  - { name: B, issuers: [Gazprombank], token: { kind: hce, keys: 2, replenish_below: 2 } }\n`).join('\n')).toMatch(/wallets\[0\]\.token\.replenish_below out_of_range/);
  });

  it('refuses a rollout schedule whose days do not ascend, and a channel with both forms', () => {
    expect(errorsOf(`rollout:\n  nfc_token:\n    schedule: [{ day: 5, share: 0.2 }, { day: 5, share: 0.4 }]\n`).join('\n')).toMatch(/^12:47 rollout\.nfc_token\.schedule\[1\]\.day out_of_range/);
    expect(errorsOf(`rollout:\n  nfc_token: { schedule: [{ day: 0, share: 0.2 }], bass: { p: 0.01, q: 0.1 } }\n`).join('\n')).toMatch(/rollout\.nfc_token conflicting_keys/);
  });
});
