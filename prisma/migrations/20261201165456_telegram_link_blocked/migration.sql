-- AlterTable
ALTER TABLE "telegram_link" ADD COLUMN     "blocked_at" TIMESTAMP(3);
