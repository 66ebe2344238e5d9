import { InvalidArgumentError } from 'commander';

/**
 * A commander option parser of a whole number from `min` to `max`; `what` names it in the error
 * ("a whole number of workers" gives "expected a whole number of workers from 1 to 256").
 */
export function wholeNumber(min: number, max: number, what: string): (v: string) => number {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InvalidArgumentError(`expected ${what} from ${min} to ${max}`);
    return Number(v);
  };
}
