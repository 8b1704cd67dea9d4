-- tw_bucket() (0003) was never used: sketch buckets are computed in one place, server/rollup/sketch.ts.
DROP FUNCTION IF EXISTS tw_bucket(double precision);
