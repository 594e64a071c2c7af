-- CreateEnum
CREATE TYPE "FinalMarkResult" AS ENUM ('MARK', 'NOT_ASSESSED', 'EXEMPT');

-- CreateEnum
CREATE TYPE "YearMarkRule" AS ENUM ('TERM_FINALS', 'ALL_MARKS');

-- AlterTable
ALTER TABLE "school" ADD COLUMN     "allow_early_finals" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "year_mark_rule" "YearMarkRule" NOT NULL DEFAULT 'TERM_FINALS';

-- AlterTable
ALTER TABLE "final_mark" ADD COLUMN     "result" "FinalMarkResult" NOT NULL DEFAULT 'MARK',
ADD COLUMN     "withdraw_reason" TEXT,
ADD COLUMN     "withdrawn_at" TIMESTAMP(3),
ALTER COLUMN "value" DROP NOT NULL;

-- CreateTable
CREATE TABLE "class_membership" (
    "id" SERIAL NOT NULL,
    "pupil_id" INTEGER NOT NULL,
    "class_group_id" INTEGER NOT NULL,
    "from_date" DATE NOT NULL,
    "to_date" DATE,

    CONSTRAINT "class_membership_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "class_membership_class_group_id_from_date_idx" ON "class_membership"("class_group_id", "from_date");

-- CreateIndex
CREATE INDEX "class_membership_pupil_id_idx" ON "class_membership"("pupil_id");

-- AddForeignKey
ALTER TABLE "class_membership" ADD CONSTRAINT "class_membership_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_membership" ADD CONSTRAINT "class_membership_class_group_id_fkey" FOREIGN KEY ("class_group_id") REFERENCES "class_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Half-year finals were saved as TERM, and one mapping now gives HALF_YEAR for half-years.
UPDATE "final_mark" f SET "kind" = 'HALF_YEAR'
FROM "term" t
WHERE t."id" = f."term_id" AND t."kind" = 'HALF' AND f."kind" = 'TERM'
  AND NOT EXISTS (
    SELECT 1 FROM "final_mark" o
    WHERE o."pupil_id" = f."pupil_id" AND o."subject_id" = f."subject_id"
      AND o."term_id" = f."term_id" AND o."kind" = 'HALF_YEAR'
  );

-- A numeric value exactly when the final is a mark (н/а and бош carry none).
ALTER TABLE "final_mark" ADD CONSTRAINT "final_mark_value_matches_result"
  CHECK (("result" = 'MARK') = ("value" IS NOT NULL));

-- Backfill: every existing pupil has been in their class since the start of its school year.
INSERT INTO "class_membership" ("pupil_id", "class_group_id", "from_date")
SELECT p."id", p."class_group_id", y."starts_on"
FROM "pupil" p
JOIN "class_group" c ON c."id" = p."class_group_id"
JOIN "academic_year" y ON y."id" = c."year_id";
