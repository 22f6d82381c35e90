// A site's own TypeScript importing the published ESM package: proves the declarations stand
// alone (no internal modules, no private packages) and type the documented API.
import { consent, flush, init, step, track, type Options, type SurveyOptions, type Tracker } from '@touchmap/sdk';

const options: Options = { site: 'site-key', endpoint: 'https://collector.example', requireConsent: true };
const tracker: Tracker = init(options);
consent(true);
step('checkout', 'payment');
track('purchase', { value: 42.5, currency: 'EUR', gift: false });
tracker.touchpoint('pricing-cta');
void flush().then(() => tracker.shutdown());

const survey: SurveyOptions = { id: 'checkout-csat', question: 'How easy was it?', scale: 'emoji', at: { complete: ['checkout'], abandon: ['checkout'] }, sampleRate: 0.5 };
init({ ...options, funnels: { checkout: ['cart', 'payment', 'confirmation'] }, survey });
// @ts-expect-error the scale is csat or emoji
init({ ...options, survey: { id: 'q', question: 'Q?', scale: 'nps' } });

// @ts-expect-error an unknown option is a type error
init({ site: 'k', endpoint: 'e', sampleRat: 1 });
// @ts-expect-error props are scalars only
track('x', { nested: { a: 1 } });
