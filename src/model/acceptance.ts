import { hashUniform, saltOf } from '../engine/hash.js';
import { US_PER_DAY } from '../engine/time.js';
import { parseDate } from '../scenario/dates.js';
import { CARD_INSTRUMENTS, CHANNEL_CHIP, CHANNEL_CONTACTLESS, CHANNEL_NFC_TOKEN, CHANNEL_QR, type AdoptionRule } from '../scenario/types.js';
import { K_ADOPTION_DAY, P_ADOPTION_DAY } from './events.js';
import { bassAfter } from './parties/token-service.js';
import type { AcceptanceResult } from './results.js';
import type { TerminalTable } from './terminals.js';
import type { Adoption, World } from './world.js';

/**
 * Merchant acceptance and consumer adoption by local day (`networks.adoption`). Instruments:
 * 0..P-1 the platforms' static QR stickers (bit p of `networks.acceptedBy`, read by the choice),
 * P UnionPay QR and P + 1 NFC (the QR and contactless channels of the merchant's terminals, read
 * by the channel choice); consumers hold wallets (bit p of `networks.heldBy`).
 *
 * Once a day, at local midnight, every rule moves its side from the shares of the day before (a
 * synchronous step): `logit` (the reviewing share holds it with probability 1 / (1 + e^-U)),
 * `bass` (each non-adopter adopts with the closed form's chance for the day, as the token
 * service does) or `schedule` (a fixed threshold per merchant under the share by date). Every
 * draw is a counter-based uniform of (instrument, day, merchant), so two regimes see the same
 * uniforms: a dearer instrument meets the same draws with a lower threshold, and since every
 * rule is monotone in its inputs, the dearer world's adopters stay a subset of the cheaper's.
 */


/** The terminal channels of a card instrument (UnionPay QR, NFC). */
const CARD_BITS = [1 << CHANNEL_QR, (1 << CHANNEL_CONTACTLESS) | (1 << CHANNEL_NFC_TOKEN)] as const;

function cardPresentMerchants(t: TerminalTable, cnp: Uint8Array): { merchants: Int32Array; first: Int32Array; count: Int32Array } {
  const merchants: number[] = [];
  const first: number[] = [];
  const count: number[] = [];
  for (let c = 0; c < cnp.length; c++) {
    if (cnp[c] === 1) continue;
    const end = t.catStart[c + 1]!;
    for (let m = t.catMerchantBase[c]!; m < t.catMerchantBase[c + 1]!; m++) {
      const f = t.catStart[c]! + (m - t.catMerchantBase[c]!) * t.perMerchant;
      merchants.push(m);
      first.push(f);
      count.push(Math.min(t.perMerchant, end - f));
    }
  }
  return { merchants: Int32Array.from(merchants), first: Int32Array.from(first), count: Int32Array.from(count) };
}

/** The acceptance state at the start of the run, or undefined without networks. Day 0's rules (schedules) apply at once. */
export function buildAdoption(w: World, days: number): Adoption | undefined {
  const net = w.networks;
  if (net === undefined) return undefined;
  const P = net.spec.platforms.length;
  const { merchants, first, count } = cardPresentMerchants(w.terminals, w.demand.catCnp);
  const cardAccepts = new Uint8Array(merchants.length);
  const terms = w.terminals;
  for (let k = 0; k < merchants.length; k++) {
    const c = terms.capabilitiesOf(first[k]!);
    cardAccepts[k] = ((c & CARD_BITS[0]) !== 0 ? 1 : 0) | ((c & (1 << CHANNEL_CONTACTLESS)) !== 0 ? 2 : 0);
  }
  const a: Adoption = {
    platforms: P,
    merchants,
    firstTerminal: first,
    terminalCount: count,
    cardAccepts,
    accepting: new Float64Array(P + 2),
    holding: new Float64Array(P + 2),
    days: new Float64Array(days * (P + 2) * 2),
    startDate: parseDate(w.sc.start),
    seed: String(w.shard.seedKey),
  };
  recount(w, a);
  // Card instruments with a rule: every terminal of a merchant follows its first.
  for (const m of net.spec.adoption?.merchants ?? []) {
    if (m.instrument < P) continue;
    for (let k = 0; k < merchants.length; k++) setCard(w, a, k, m.instrument - P, (cardAccepts[k]! & (1 << (m.instrument - P))) !== 0);
  }
  step(w, a, 0, true);
  return a;
}

/** Schedules the first daily step (local midnight after the start). */
export function startAdoption(w: World): void {
  const next = US_PER_DAY - w.sc.startLocalUs;
  if (w.adoption !== undefined && next < w.sc.durationUs) w.sim.at(next, K_ADOPTION_DAY, 0, 1, P_ADOPTION_DAY);
}

/** The daily step at local midnight of `day`; schedules the next. */
export function onAdoptionDay(w: World, day: number): void {
  step(w, w.adoption!, day, false);
  const next = (day + 1) * US_PER_DAY - w.sc.startLocalUs;
  if (next < w.sc.durationUs) w.sim.at(next, K_ADOPTION_DAY, 0, day + 1, P_ADOPTION_DAY);
}

/** Counts the merchants accepting and the consumers holding each instrument. */
function recount(w: World, a: Adoption): void {
  const net = w.networks!;
  const P = a.platforms;
  const cards = w.cards.count;
  a.accepting.fill(0);
  a.holding.fill(0);
  for (let k = 0; k < a.merchants.length; k++) {
    const acc = net.acceptedBy === undefined ? (1 << P) - 1 : net.acceptedBy[a.merchants[k]!]!;
    for (let p = 0; p < P; p++) if ((acc & (1 << p)) !== 0) a.accepting[p]!++;
    for (let j = 0; j < 2; j++) if ((a.cardAccepts[k]! & (1 << j)) !== 0) a.accepting[P + j]!++;
  }
  for (let p = 0; p < P; p++) {
    if (net.heldBy === undefined) a.holding[p] = cards;
    else for (let c = 0; c < cards; c++) if ((net.heldBy[c]! & (1 << p)) !== 0) a.holding[p]!++;
  }
}

/** Sets or clears card instrument j (0 UnionPay QR, 1 NFC) at the k-th card-present merchant and its terminals. */
function setCard(w: World, a: Adoption, k: number, j: number, on: boolean): void {
  const bit = 1 << j;
  if (((a.cardAccepts[k]! & bit) !== 0) !== on) {
    a.cardAccepts[k] = a.cardAccepts[k]! ^ bit;
    a.accepting[a.platforms + j]! += on ? 1 : -1;
  }
  const terms = w.terminals;
  const ch = CARD_BITS[j as 0 | 1];
  for (let t = a.firstTerminal[k]!; t < a.firstTerminal[k]! + a.terminalCount[k]!; t++) {
    const caps = terms.capabilitiesOf(t);
    let mask = on ? caps | ch : caps & ~ch;
    // A card-present terminal takes at least the chip.
    if (mask === 0) mask = 1 << CHANNEL_CHIP;
    terms.setCapabilities(t, mask);
  }
}

/** One synchronous step: every rule reads the shares at the end of the day before. */
function step(w: World, a: Adoption, day: number, first: boolean): void {
  const net = w.networks!;
  const spec = net.spec.adoption;
  const P = a.platforms;
  const nm = Math.max(1, a.merchants.length);
  const nc = Math.max(1, w.cards.count);
  const merchantShare = Float64Array.from(a.accepting, (x) => x / nm);
  const holdShare = Float64Array.from(a.holding, (x) => x / nc);
  holdShare[P] = 1;
  holdShare[P + 1] = w.wallet.tokenCount / nc;
  for (const m of spec?.merchants ?? []) {
    if (!first || m.rule.kind === 'schedule') merchantStep(w, a, m.instrument, m.rule, day, merchantShare[m.instrument]!, holdShare[m.instrument]!);
  }
  for (const c of spec?.consumers ?? []) {
    if (!first || c.rule.kind === 'schedule') consumerStep(w, a, c.platform, c.rule, day, holdShare[c.platform]!, merchantShare[c.platform]!);
  }
  record(w, a, day);
}

function record(w: World, a: Adoption, day: number): void {
  const n = a.platforms + 2;
  if ((day + 1) * n * 2 > a.days.length) return;
  holdingOfCards(w, a);
  for (let i = 0; i < n; i++) {
    a.days[(day * n + i) * 2] = a.accepting[i]!;
    a.days[(day * n + i) * 2 + 1] = a.holding[i]!;
  }
}

/** Consumers holding the card instruments: every cardholder can pay by UnionPay QR; NFC needs a QuickPass token. */
function holdingOfCards(w: World, a: Adoption): void {
  a.holding[a.platforms] = w.cards.count;
  a.holding[a.platforms + 1] = w.wallet.tokenCount;
}

/** The share a schedule gives on local day `day`: linear between its dates, flat outside them. */
export function scheduleShare(rule: { readonly days: readonly number[]; readonly shares: readonly number[] }, date: number): number {
  const { days, shares } = rule;
  if (date <= days[0]!) return shares[0]!;
  for (let i = 1; i < days.length; i++) {
    if (date <= days[i]!) return shares[i - 1]! + ((shares[i]! - shares[i - 1]!) * (date - days[i - 1]!)) / (days[i]! - days[i - 1]!);
  }
  return shares.at(-1)!;
}

/** The chance that a non-adopter adopts today under Bass, from the share F adopted so far. */
export function bassHazard(f: number, p: number, q: number): number {
  if (f >= 1) return 0;
  return (bassAfter(f, p, q, 1) - f) / (1 - f);
}

const logistic = (u: number): number => 1 / (1 + Math.exp(-u));

/**
 * Decides, for one rule and one side, who holds the instrument today. `n` members, `has(k)` and
 * `set(k, on)` their state; `chance(k)` the logit's probability for member k.
 */
function decide(
  rule: AdoptionRule,
  salts: { draw: number; review: number; threshold: number },
  date: number,
  share: number,
  n: number,
  has: (k: number) => boolean,
  set: (k: number, on: boolean) => void,
  chance: (k: number) => number,
): void {
  if (rule.kind === 'schedule') {
    const s = scheduleShare(rule, date);
    for (let k = 0; k < n; k++) set(k, hashUniform(salts.threshold, k) < s);
  } else if (rule.kind === 'bass') {
    const h = bassHazard(share, rule.p, rule.q);
    if (h <= 0) return;
    for (let k = 0; k < n; k++) if (!has(k) && hashUniform(salts.draw, k) < h) set(k, true);
  } else {
    for (let k = 0; k < n; k++) if (hashUniform(salts.review, k) < rule.review) set(k, hashUniform(salts.draw, k) < chance(k));
  }
}

function saltsOf(a: Adoption, side: string, name: string, day: number): { draw: number; review: number; threshold: number } {
  return {
    draw: saltOf(`adoption/${side}/${name}/${day}/${a.seed}`),
    review: saltOf(`adoption/${side}/${name}/${day}/review/${a.seed}`),
    threshold: saltOf(`adoption/${side}/${name}/threshold/${a.seed}`),
  };
}

function merchantStep(w: World, a: Adoption, i: number, rule: AdoptionRule, day: number, share: number, demand: number): void {
  const net = w.networks!;
  const P = a.platforms;
  const name = i < P ? net.spec.platforms[i]!.name : CARD_INSTRUMENTS[i - P]!;
  const salts = saltsOf(a, 'merchants', name, day);
  // The logit's probability: standard and promotional merchants of a platform, or the card instrument's one fee.
  let pStd = 0;
  let pPromo = 0;
  let promoShare = 0;
  if (rule.kind === 'logit') {
    const prices = i < P ? net.spec.platforms[i]!.prices : undefined;
    const u = (feePpm: number): number => logistic(rule.constant + rule.priceWeight * (feePpm / 10_000) + rule.otherSideWeight * demand);
    pStd = u(prices?.merchantFeePpm ?? rule.merchantFeePpm);
    pPromo = u(prices?.promotionalFeePpm ?? rule.merchantFeePpm);
    promoShare = prices?.promotionalShare ?? 0;
  }
  const chance = (k: number): number => (promoShare > 0 && hashUniform(net.promoSalt, a.merchants[k]!) < promoShare ? pPromo : pStd);
  const date = a.startDate + day;
  if (i >= P) {
    const j = i - P;
    decide(rule, salts, date, share, a.merchants.length, (k) => (a.cardAccepts[k]! & (1 << j)) !== 0, (k, on) => setCard(w, a, k, j, on), chance);
    return;
  }
  const acc = net.acceptedBy!;
  const bit = 1 << i;
  const set = (k: number, on: boolean): void => {
    const m = a.merchants[k]!;
    if (((acc[m]! & bit) !== 0) === on) return;
    acc[m] = acc[m]! ^ bit;
    a.accepting[i]! += on ? 1 : -1;
  };
  decide(rule, salts, date, share, a.merchants.length, (k) => (acc[a.merchants[k]!]! & bit) !== 0, set, chance);
}

function consumerStep(w: World, a: Adoption, p: number, rule: AdoptionRule, day: number, share: number, acceptance: number): void {
  const net = w.networks!;
  const held = net.heldBy!;
  const bit = 1 << p;
  const salts = saltsOf(a, 'consumers', net.spec.platforms[p]!.name, day);
  let chance = 0;
  if (rule.kind === 'logit') {
    const cashbackPct = net.spec.platforms[p]!.prices.cashbackPpm / 10_000;
    const acc = rule.otherSideWeight === 0 ? 0 : rule.otherSideWeight * Math.log(acceptance);
    chance = logistic(rule.constant + rule.priceWeight * cashbackPct + acc);
  }
  const set = (c: number, on: boolean): void => {
    if (((held[c]! & bit) !== 0) === on) return;
    held[c] = held[c]! ^ bit;
    a.holding[p]! += on ? 1 : -1;
  };
  decide(rule, salts, a.startDate + day, share, w.cards.count, (c) => (held[c]! & bit) !== 0, set, () => chance);
}

/** The run's acceptance by local day, for the results. */
export function acceptanceResult(w: World): AcceptanceResult | undefined {
  const a = w.adoption;
  if (a === undefined) return undefined;
  const names = [...w.networks!.spec.platforms.map((p) => p.name), ...CARD_INSTRUMENTS];
  return { instruments: names, merchants: a.merchants.length, consumers: w.cards.count, days: a.days };
}
