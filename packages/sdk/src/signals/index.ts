import type { Signal } from '../core/context.ts';
import { clicks } from './click.ts';
import { deadClicks } from './dead-click.ts';
import { dwell } from './dwell.ts';
import { errors } from './errors.ts';
import { form } from './form.ts';
import { funnelSteps } from './funnel-steps.ts';
import { moveMap } from './move-map.ts';
import { quickBack } from './quick-back.ts';
import { rageClicks } from './rage-click.ts';
import { scroll } from './scroll.ts';
import { thrash } from './thrash.ts';

/** The registry: adding a signal is adding a file and a line here. */
export const signals: Signal[] = [clicks, rageClicks, deadClicks, errors, dwell, moveMap, thrash, scroll, form, quickBack, funnelSteps];
