import type { Persona } from '../persona.ts';
import { bargainHunter } from './bargain-hunter.ts';
import { firstTimeVisitor } from './first-time-visitor.ts';
import { returningCustomer } from './returning-customer.ts';

/** Every persona, in the order the summary lists them. */
export const PERSONAS: readonly Persona<any>[] = [bargainHunter, returningCustomer, firstTimeVisitor];
