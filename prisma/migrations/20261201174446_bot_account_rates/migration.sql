-- AlterTable
ALTER TABLE "bot_account" ADD COLUMN     "allow_paid_broadcast" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "paid_rate_per_second" INTEGER,
ADD COLUMN     "rate_per_second" INTEGER;
