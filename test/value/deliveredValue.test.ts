import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { deliveredValue, type DeliveredValueOptions, type DeliveredValueRecord, type DeliveredValueResult } from "../../src/value/index.js";

const offer = { id: "x", product: 5, service: 4, personnel: 3, image: 2, monetaryCost: 6, timeCost: 2, energyCost: 1, psychicCost: 1 };

describe("deliveredValue", () => {
  test("value − cost, ratio, weights, ranking", () => {
    const { offers: [a], meta } = deliveredValue([offer]);
    expect(a).toEqual({ id: "x", totalValue: 14, totalCost: 10, deliveredValue: 4, valueCostRatio: 1.4, rank: 1 });
    expect(meta.weights).toEqual({ product: 1, service: 1, personnel: 1, image: 1, monetaryCost: 1, timeCost: 1, energyCost: 1, psychicCost: 1 });
    const weighted = deliveredValue([offer], { weights: { product: 2, monetaryCost: 0.5 } });
    expect([weighted.offers[0].totalValue, weighted.offers[0].totalCost]).toEqual([19, 7]);
    expect(weighted.meta.weights).toMatchObject({ product: 2, monetaryCost: 0.5, service: 1 });
  });

  test("weights change the ranking, and a misspelt `weights` is refused instead of silently ignored", () => {
    const zero = { service: 0, personnel: 0, image: 0, timeCost: 0, energyCost: 0, psychicCost: 0 };
    const offers = [{ id: "premium", product: 10, monetaryCost: 5, ...zero }, { id: "budget", product: 6, monetaryCost: 2, ...zero }];
    expect(deliveredValue(offers).offers.map((o) => o.rank)).toEqual([1, 2]);
    // price-sensitive customers: money counts double, and the budget offer wins
    expect(deliveredValue(offers, { weights: { monetaryCost: 2 } }).offers.map((o) => o.rank)).toEqual([2, 1]);
    expect(() => deliveredValue(offers, { weight: { monetaryCost: 2 } } as never)).toThrow(/^deliveredValue: options: unknown option "weight"/);
    expect(() => deliveredValue(offers, { weights: { monetaryCosts: 2 } } as never)).toThrow(/^deliveredValue: options\.weights: unknown option "monetaryCosts"/);
  });

  test("a zero cost is an error, not Infinity; negative components, bad ids and bad weights are refused", () => {
    expect(() => deliveredValue([{ ...offer, monetaryCost: 0, timeCost: 0, energyCost: 0, psychicCost: 0 }])).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["offers", 0], customerId: "x" })] }),
    );
    expect(() => deliveredValue([{ ...offer, image: -1 }])).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: ["offers", 0, "image"], customerId: "x" })] }));
    expect(() => deliveredValue([offer, { ...offer }])).toThrow(expect.objectContaining({ code: "duplicate_customer", issues: [expect.objectContaining({ path: ["offers", 1, "id"] })] }));
    expect(() => deliveredValue([{ ...offer, id: "" }])).toThrow(expect.objectContaining({ code: "missing_customer_id", issues: [expect.objectContaining({ path: ["offers", 0, "id"] })] }));
    const { image: _image, ...noImage } = offer;
    expect(() => deliveredValue([noImage] as never)).toThrow(expect.objectContaining({ code: "missing_field", issues: [expect.objectContaining({ path: ["fields", "image"] })] }));
    expect(() => deliveredValue([offer], { weights: { product: -1 } })).toThrow(/^deliveredValue: options\.weights\.product/);
    expect(() => deliveredValue([offer], { weights: { product: -1 } })).toThrow(RangeError);
    expect(() => deliveredValue([])).toThrow(expect.objectContaining({ code: "empty_input", issues: [expect.objectContaining({ path: ["offers"] })] }));
    expect(() => deliveredValue(null as never)).toThrow(/^deliveredValue: offers must be an array/);
  });

  test("delivered value is linear in each component", () => {
    const part = fc.constantFrom("product", "service", "personnel", "image", "monetaryCost", "timeCost", "energyCost", "psychicCost");
    fc.assert(
      fc.property(part, fc.integer({ min: 0, max: 1000 }), (p, add) => {
        const base = deliveredValue([offer]).offers[0].deliveredValue;
        const more = deliveredValue([{ ...offer, [p]: (offer as Record<string, unknown>)[p] as number + add }]).offers[0].deliveredValue;
        expect(more - base).toBe(p.endsWith("Cost") ? 0 - add : add);
      }),
    );
  });

  test("types: options and the named result", () => {
    const result = deliveredValue([offer]);
    expectTypeOf(result).toEqualTypeOf<DeliveredValueResult>();
    expectTypeOf(result.offers).toEqualTypeOf<DeliveredValueRecord[]>();
    expectTypeOf<{ weights: { product: number } }>().toExtend<DeliveredValueOptions>();
    expectTypeOf<{ weights: { products: number } }>().not.toExtend<DeliveredValueOptions>();
  });
});

describe("deliveredValue: components near 1e308", () => {
  test("a weighted total or ratio beyond the doubles is an overflow naming the offer", () => {
    const offer = { id: "big", product: 1e308, service: 1e308, personnel: 0, image: 0, monetaryCost: 1, timeCost: 0, energyCost: 0, psychicCost: 0 };
    expect(() => deliveredValue([offer])).toThrow(expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["offers", 0], customerId: "big" })] }));
    expect(() => deliveredValue([{ ...offer, service: 0, monetaryCost: 0.5 }])).toThrow(/^deliveredValue: offers\[0\]: the value\/cost ratio is beyond/);
    expect(() => deliveredValue([{ ...offer, service: 0 }], { weights: { product: 2 } })).toThrow(/the total value is beyond/);
    expect(deliveredValue([{ ...offer, service: 0 }]).offers[0]).toMatchObject({ totalValue: 1e308, deliveredValue: 1e308 - 1, valueCostRatio: 1e308 });
  });
});
