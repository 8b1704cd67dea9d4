-- Sketch bucket of a latency value, identical to bucketIndex() in server/rollup/sketch.ts:
-- the OpenTelemetry exponential mapping at scale 6, bucket i holds (2^(i/64), 2^((i+1)/64)].
-- Values <= 0 go to the zero bucket "z"; NULL stays NULL.
CREATE OR REPLACE FUNCTION tw_bucket(x double precision) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN x IS NULL OR x = 'NaN'::float8 THEN NULL
    WHEN x <= 0 THEN 'z'
    ELSE (
      SELECT (CASE
        WHEN power(2::float8, (i + 1)::float8 / 64) < x THEN i + 1
        WHEN power(2::float8, i::float8 / 64) >= x THEN i - 1
        ELSE i END)::text
      FROM (SELECT (ceil(ln(x) / ln(2::float8) * 64) - 1)::int AS i) b)
  END
$$;
