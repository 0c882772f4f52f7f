-- CreateTable
CREATE TABLE "BatchBalance" (
    "productId" TEXT NOT NULL,
    "batch" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "expiresOn" DATE,
    "balance" INTEGER NOT NULL,

    CONSTRAINT "BatchBalance_pkey" PRIMARY KEY ("productId","batch")
);

-- CreateIndex
CREATE INDEX "BatchBalance_siteId_idx" ON "BatchBalance"("siteId");

-- AddForeignKey
ALTER TABLE "BatchBalance" ADD CONSTRAINT "BatchBalance_productId_fkey" FOREIGN KEY ("productId") REFERENCES "DrugProduct"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Choosing ampoules for a dose reads these balances instead of summing every register entry.
-- A statement trigger adds each new entry's effect in the same transaction: receipts add,
-- supplies, returns and destruction take away, annotations change nothing. Entries are
-- append-only (append_only_guards), so inserts are the only change there is to follow.
CREATE FUNCTION hat_batch_balances_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "BatchBalance" ("productId", batch, "siteId", "expiresOn", balance)
  SELECT "productId", batch, min("siteId"), max("expiresOn"),
         sum(CASE kind WHEN 'RECEIPT' THEN quantity WHEN 'ANNOTATION' THEN 0 ELSE -quantity END)::int
  FROM new_rows
  GROUP BY 1, 2
  ORDER BY 1, 2
  ON CONFLICT ("productId", batch) DO UPDATE
    SET balance = "BatchBalance".balance + EXCLUDED.balance,
        "expiresOn" = GREATEST("BatchBalance"."expiresOn", EXCLUDED."expiresOn");
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ControlledDrugEntry_batch_balances" AFTER INSERT ON "ControlledDrugEntry"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hat_batch_balances_insert();

-- Entries made before this migration.
INSERT INTO "BatchBalance" ("productId", batch, "siteId", "expiresOn", balance)
SELECT "productId", batch, min("siteId"), max("expiresOn"),
       sum(CASE kind WHEN 'RECEIPT' THEN quantity WHEN 'ANNOTATION' THEN 0 ELSE -quantity END)::int
FROM "ControlledDrugEntry"
GROUP BY 1, 2;
