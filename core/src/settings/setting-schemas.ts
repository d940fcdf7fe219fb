import { z } from "zod";

/** An integer setting within [min, max]. */
export const intSetting = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A number of seconds within [min, max] (fractions allowed). */
export const secondsSetting = (min: number, max: number) => z.coerce.number().finite().min(min).max(max);

/** A non-negative amount of money. */
export const moneySetting = () => z.coerce.number().min(0).finite();

/** A folder or file path. */
export const pathSetting = () => z.string().min(1);

/** true/false (also 1/0, yes/no). */
export const boolSetting = () =>
  z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => ["true", "1", "yes"].includes(v));

/** A PostgreSQL connection URL. */
export const postgresUrlSetting = () =>
  z.string().regex(/^postgres(ql)?:\/\/\S+$/i, "a postgres:// or postgresql:// URL");
