-- AlterEnum
ALTER TYPE "LinkRole" ADD VALUE 'STAFF';

-- DropForeignKey
ALTER TABLE "link_code" DROP CONSTRAINT "link_code_pupil_id_fkey";

-- AlterTable
ALTER TABLE "guardian" ADD COLUMN     "granted_at" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "link_code" ADD COLUMN     "for_user_id" INTEGER,
ALTER COLUMN "pupil_id" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "link_code_for_user_id_idx" ON "link_code"("for_user_id");

-- AddForeignKey
ALTER TABLE "link_code" ADD CONSTRAINT "link_code_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "link_code" ADD CONSTRAINT "link_code_for_user_id_fkey" FOREIGN KEY ("for_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill (hand-written): a guardian keeps access only where it was granted. Guardians linked by
-- a redeemed code for that very pupil, and families the school linked without codes, stay granted;
-- guardians never linked, or reached only through a code for another child (a sibling in another
-- class), wait for their own class teacher's code.
UPDATE "guardian" g SET "granted_at" = NULL
WHERE NOT EXISTS (SELECT 1 FROM "link_code" lc
                  WHERE lc."used_by_user_id" = g."user_id" AND lc."pupil_id" = g."pupil_id")
  AND (NOT EXISTS (SELECT 1 FROM "telegram_link" tl WHERE tl."user_id" = g."user_id")
       OR EXISTS (SELECT 1 FROM "link_code" lc WHERE lc."used_by_user_id" = g."user_id"));
