/** One item of the demo catalogue. Prices are integer cents so totals never pick up float noise. */
export interface Product {
  id: number;
  name: string;
  price: number;
  colour: string;
  description: string;
}

/** The whole catalogue: fixed, so every run of the SDK's tests sees the same shop. */
export const PRODUCTS: readonly Product[] = [
  {
    id: 1,
    name: 'Canvas Tote',
    price: 3800,
    colour: 'Natural',
    description:
      'A roomy tote cut from heavyweight organic canvas, with long handles that sit comfortably on the shoulder. An inside pocket keeps keys and cards where you can find them. It softens and gains character with every wash.',
  },
  {
    id: 2,
    name: 'Linen Shirt',
    price: 6400,
    colour: 'Sage',
    description:
      'A relaxed shirt in washed European linen that stays cool on warm days. The fabric is pre-shrunk, so the fit you try on is the fit you keep.',
  },
  {
    id: 3,
    name: 'Wool Beanie',
    price: 2600,
    colour: 'Rust',
    description:
      'A rib-knit beanie in soft merino wool with a deep turn-up. It is warm without being bulky and folds small enough for a coat pocket.',
  },
  {
    id: 4,
    name: 'Leather Wallet',
    price: 4500,
    colour: 'Tan',
    description:
      'A slim bifold in vegetable-tanned leather with six card slots and a note compartment. The edges are hand-burnished and the leather darkens beautifully with use.',
  },
  {
    id: 5,
    name: 'Stoneware Mug',
    price: 1800,
    colour: 'Slate',
    description:
      'A hand-thrown mug with a speckled glaze and a generous handle. It holds a proper 350 ml and is safe in the dishwasher and microwave.',
  },
  {
    id: 6,
    name: 'Cotton Socks, 3 pairs',
    price: 1500,
    colour: 'Mixed',
    description:
      'Three pairs of cushioned everyday socks in combed cotton. Reinforced heels and toes make them last, and the cuffs stay up without pinching.',
  },
];

/** The product with this id, or undefined for an unknown or malformed id. */
export function findProduct(id: unknown): Product | undefined {
  const n = Number(id);
  return PRODUCTS.find((p) => p.id === n);
}
