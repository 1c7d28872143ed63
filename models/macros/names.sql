-- Keys for matching names and ids written many ways ("Smelter #1", "smelter-01", "SMELTER_1"):
-- letters and digits only, upper case, zero padding dropped. Products also lose a plural ending.
-- A key that matches no known name is flagged by the models, never guessed.
CREATE OR REPLACE MACRO silver.name_key(x) AS
  regexp_replace(upper(regexp_replace(x, '[^A-Za-z0-9]', '', 'g')), '([^0-9]|^)0+([0-9])', '\1\2', 'g');

CREATE OR REPLACE MACRO silver.singular(k) AS
  CASE
    WHEN k LIKE '%IES' THEN left(k, length(k) - 3) || 'Y'
    WHEN regexp_matches(k, '(SS|X|Z|CH|SH)ES$') THEN left(k, length(k) - 2)
    WHEN k LIKE '%S' AND k NOT LIKE '%SS' THEN left(k, length(k) - 1)
    ELSE k
  END;

CREATE OR REPLACE MACRO silver.product_key(x) AS silver.singular(silver.name_key(x));
