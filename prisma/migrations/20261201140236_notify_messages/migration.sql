-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'BLOCKED';

-- AlterTable
ALTER TABLE "notification_preference" ALTER COLUMN "quiet_to" SET DEFAULT '07:30';

-- AlterTable
ALTER TABLE "outbox_event" ADD COLUMN     "dedupe_key" TEXT;

-- AlterTable
ALTER TABLE "delivery" ADD COLUMN     "message_id" INTEGER;

-- CreateTable
CREATE TABLE "notification_message" (
    "id" SERIAL NOT NULL,
    "bot_account_id" INTEGER,
    "chat_id" BIGINT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "due_at" TIMESTAMP(3) NOT NULL,
    "claimed_at" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "sent_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notification_message_chat_id_status_idx" ON "notification_message"("chat_id", "status");

-- CreateIndex
CREATE INDEX "notification_message_status_due_at_idx" ON "notification_message"("status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_dedupe_key_key" ON "outbox_event"("dedupe_key");

-- CreateIndex
CREATE INDEX "delivery_message_id_idx" ON "delivery"("message_id");

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "notification_message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_message" ADD CONSTRAINT "notification_message_bot_account_id_fkey" FOREIGN KEY ("bot_account_id") REFERENCES "bot_account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_message" ADD CONSTRAINT "notification_message_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
