// What the check of Microsoft's charge answers with each rated month
// (chargeCheck.ts computes it): its own file, so the month's result
// (ratingModel.ts) can carry it without the check and the model importing
// each other.
import { z } from 'zod';

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/);

export const ChargeDifference = z.object({
    usageId: z.string(),
    start: z.iso.datetime(),
    /** ISO alpha-2 of the destination dialled; null when the row has none. */
    destination: z.string().nullable(),
    /** The call's currency: the app's rating and Microsoft's charge are both in it. */
    currency: z.string(),
    /** The app's rating of the call. */
    app: Decimal,
    /** Microsoft's charge (its connection fee included). */
    microsoft: Decimal,
});
export type ChargeDifference = z.infer<typeof ChargeDifference>;

export const MicrosoftChargeCheck = z.object({
    /** Calls rated that carry Microsoft's charge, compared one by one. */
    compared: z.number().int(),
    /** Calls rated that carry no charge of Microsoft's (an upload without the Charge columns, a row that left them blank). */
    withoutCharge: z.number().int(),
    /** Calls with Microsoft's charge that the app could not price (no rate: see missingRates): not compared. */
    notPriced: z.number().int(),
    /** Per currency, over the compared calls: Microsoft's sum beside the app's. */
    totals: z.array(z.object({ currency: z.string(), calls: z.number().int(), microsoft: Decimal, app: Decimal })),
    /** Compared calls more than 0.0001 apart. */
    differing: z.number().int(),
    /** The first 100 of them, in Start Time order. */
    differences: z.array(ChargeDifference),
});
export type MicrosoftChargeCheck = z.infer<typeof MicrosoftChargeCheck>;
