-- AlterTable
ALTER TABLE "school" ADD COLUMN     "name_ru" TEXT;

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "deactivated_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "setup_code" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "code_hash" TEXT NOT NULL,
    "created_by_id" INTEGER,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "setup_code_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "setup_code_code_hash_key" ON "setup_code"("code_hash");

-- CreateIndex
CREATE INDEX "setup_code_user_id_idx" ON "setup_code"("user_id");

-- AddForeignKey
ALTER TABLE "setup_code" ADD CONSTRAINT "setup_code_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
