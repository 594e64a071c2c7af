-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('ky', 'ru', 'en');

-- CreateEnum
CREATE TYPE "StaffRoleKind" AS ENUM ('ADMIN', 'DEPUTY', 'TEACHER', 'CLASS_TEACHER', 'PSYCHOLOGIST', 'DOCTOR');

-- CreateEnum
CREATE TYPE "TermKind" AS ENUM ('QUARTER', 'HALF', 'YEAR');

-- CreateEnum
CREATE TYPE "GradingScale" AS ENUM ('FIVE_POINT', 'TEN_POINT', 'POINTS', 'UNMARKED');

-- CreateEnum
CREATE TYPE "MarkKind" AS ENUM ('ORAL', 'WRITTEN', 'CONTROL', 'HOMEWORK', 'OTHER');

-- CreateEnum
CREATE TYPE "FinalMarkKind" AS ENUM ('TERM', 'HALF_YEAR', 'YEAR', 'EXAM');

-- CreateEnum
CREATE TYPE "AttendanceStatus" AS ENUM ('PRESENT', 'LATE', 'ABSENT', 'EXCUSED');

-- CreateEnum
CREATE TYPE "AttachmentTarget" AS ENUM ('TOPIC', 'HOMEWORK');

-- CreateEnum
CREATE TYPE "AudienceKind" AS ENUM ('CLASS', 'PARALLEL', 'SCHOOL', 'ROLE');

-- CreateEnum
CREATE TYPE "LinkRole" AS ENUM ('PARENT', 'PUPIL');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "district" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "district_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "school" (
    "id" SERIAL NOT NULL,
    "district_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL DEFAULT 'Asia/Bishkek',
    "late_entry_days" INTEGER NOT NULL DEFAULT 7,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "school_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bot_account" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER,
    "district_id" INTEGER,
    "username" TEXT NOT NULL,
    "token_encrypted" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "academic_year" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "is_current" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "academic_year_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "term" (
    "id" SERIAL NOT NULL,
    "year_id" INTEGER NOT NULL,
    "kind" "TermKind" NOT NULL,
    "number" INTEGER NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,

    CONSTRAINT "term_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_scheme" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "year_id" INTEGER NOT NULL,
    "grade_from" INTEGER NOT NULL,
    "grade_to" INTEGER NOT NULL,
    "scale" "GradingScale" NOT NULL,
    "allow_one" BOOLEAN NOT NULL DEFAULT false,
    "max_points" INTEGER,
    "weights" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "assessment_scheme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "grade_level" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "grade" INTEGER NOT NULL,

    CONSTRAINT "grade_level_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "class_group" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "year_id" INTEGER NOT NULL,
    "grade_level_id" INTEGER NOT NULL,
    "letter" TEXT NOT NULL,
    "shift" INTEGER NOT NULL DEFAULT 1,
    "class_teacher_id" INTEGER,

    CONSTRAINT "class_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subgroup" (
    "id" SERIAL NOT NULL,
    "class_group_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "subgroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subgroup_member" (
    "subgroup_id" INTEGER NOT NULL,
    "pupil_id" INTEGER NOT NULL,

    CONSTRAINT "subgroup_member_pkey" PRIMARY KEY ("subgroup_id","pupil_id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER,
    "login" TEXT,
    "password_hash" TEXT,
    "last_name" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "patronymic" TEXT,
    "phone" TEXT,
    "language" "Language" NOT NULL DEFAULT 'ky',
    "external_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_role" (
    "user_id" INTEGER NOT NULL,
    "school_id" INTEGER NOT NULL,
    "role" "StaffRoleKind" NOT NULL,

    CONSTRAINT "staff_role_pkey" PRIMARY KEY ("user_id","school_id","role")
);

-- CreateTable
CREATE TABLE "pupil" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "class_group_id" INTEGER NOT NULL,
    "user_id" INTEGER,
    "last_name" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "patronymic" TEXT,
    "birth_date" DATE,
    "external_id" TEXT,

    CONSTRAINT "pupil_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "guardian" (
    "user_id" INTEGER NOT NULL,
    "pupil_id" INTEGER NOT NULL,
    "relation" TEXT,

    CONSTRAINT "guardian_pkey" PRIMARY KEY ("user_id","pupil_id")
);

-- CreateTable
CREATE TABLE "subject" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name_ky" TEXT NOT NULL,
    "name_ru" TEXT NOT NULL,

    CONSTRAINT "subject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teaching_assignment" (
    "id" SERIAL NOT NULL,
    "year_id" INTEGER NOT NULL,
    "teacher_id" INTEGER NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "class_group_id" INTEGER NOT NULL,
    "subgroup_id" INTEGER,
    "hours_per_week" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "teaching_assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bell_slot" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "shift" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "starts_at" TEXT NOT NULL,
    "ends_at" TEXT NOT NULL,

    CONSTRAINT "bell_slot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timetable_slot" (
    "id" SERIAL NOT NULL,
    "class_group_id" INTEGER NOT NULL,
    "subgroup_id" INTEGER,
    "weekday" INTEGER NOT NULL,
    "lesson_number" INTEGER NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "teacher_id" INTEGER NOT NULL,
    "room" TEXT,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,

    CONSTRAINT "timetable_slot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_item" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "year_id" INTEGER NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "grade_level_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "topic" TEXT NOT NULL,
    "hours" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "plan_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lesson" (
    "id" SERIAL NOT NULL,
    "class_group_id" INTEGER NOT NULL,
    "subgroup_id" INTEGER,
    "subject_id" INTEGER NOT NULL,
    "teacher_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "lesson_number" INTEGER NOT NULL,
    "topic" TEXT,
    "material" TEXT,
    "homework" TEXT,
    "homework_due_on" DATE,
    "plan_item_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "lesson_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachment" (
    "id" SERIAL NOT NULL,
    "lesson_id" INTEGER NOT NULL,
    "target" "AttachmentTarget" NOT NULL,
    "file_name" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "storage_key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "individual_homework" (
    "id" SERIAL NOT NULL,
    "lesson_id" INTEGER NOT NULL,
    "pupil_id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "individual_homework_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mark" (
    "id" SERIAL NOT NULL,
    "lesson_id" INTEGER NOT NULL,
    "pupil_id" INTEGER NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "teacher_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "value" INTEGER NOT NULL,
    "kind" "MarkKind" NOT NULL DEFAULT 'OTHER',
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "comment" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),
    "delete_reason" TEXT,

    CONSTRAINT "mark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attendance" (
    "id" SERIAL NOT NULL,
    "lesson_id" INTEGER NOT NULL,
    "pupil_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "status" "AttendanceStatus" NOT NULL,
    "late_minutes" INTEGER,
    "reason" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "final_mark" (
    "id" SERIAL NOT NULL,
    "pupil_id" INTEGER NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "term_id" INTEGER NOT NULL,
    "kind" "FinalMarkKind" NOT NULL,
    "value" INTEGER NOT NULL,
    "teacher_id" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "final_mark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "substitution" (
    "id" SERIAL NOT NULL,
    "class_group_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "lesson_number" INTEGER NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "absent_teacher_id" INTEGER NOT NULL,
    "substitute_teacher_id" INTEGER NOT NULL,
    "room" TEXT,
    "reason" TEXT,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "substitution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message_thread" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "pupil_id" INTEGER,
    "subject" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_thread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "thread_participant" (
    "thread_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "last_read_at" TIMESTAMP(3),

    CONSTRAINT "thread_participant_pkey" PRIMARY KEY ("thread_id","user_id")
);

-- CreateTable
CREATE TABLE "message" (
    "id" SERIAL NOT NULL,
    "thread_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "announcement" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "audience" "AudienceKind" NOT NULL,
    "class_group_id" INTEGER,
    "grade" INTEGER,
    "role" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "announcement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "link_code" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER NOT NULL,
    "code_hash" TEXT NOT NULL,
    "pupil_id" INTEGER NOT NULL,
    "role" "LinkRole" NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "used_by_user_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "link_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telegram_link" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "bot_account_id" INTEGER,
    "telegram_user_id" BIGINT NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "linked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telegram_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_preference" (
    "user_id" INTEGER NOT NULL,
    "marks" BOOLEAN NOT NULL DEFAULT true,
    "attendance" BOOLEAN NOT NULL DEFAULT true,
    "homework" BOOLEAN NOT NULL DEFAULT true,
    "timetable" BOOLEAN NOT NULL DEFAULT true,
    "announcements" BOOLEAN NOT NULL DEFAULT true,
    "messages" BOOLEAN NOT NULL DEFAULT true,
    "quiet_from" TEXT DEFAULT '21:00',
    "quiet_to" TEXT DEFAULT '07:00',
    "digest_only" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "notification_preference_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "outbox_event" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMP(3),

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery" (
    "id" SERIAL NOT NULL,
    "event_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "sent_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" SERIAL NOT NULL,
    "school_id" INTEGER,
    "actor_id" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "school_code_key" ON "school"("code");

-- CreateIndex
CREATE UNIQUE INDEX "bot_account_username_key" ON "bot_account"("username");

-- CreateIndex
CREATE UNIQUE INDEX "academic_year_school_id_name_key" ON "academic_year"("school_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "term_year_id_kind_number_key" ON "term"("year_id", "kind", "number");

-- CreateIndex
CREATE INDEX "assessment_scheme_school_id_year_id_idx" ON "assessment_scheme"("school_id", "year_id");

-- CreateIndex
CREATE UNIQUE INDEX "grade_level_school_id_grade_key" ON "grade_level"("school_id", "grade");

-- CreateIndex
CREATE INDEX "class_group_school_id_idx" ON "class_group"("school_id");

-- CreateIndex
CREATE UNIQUE INDEX "class_group_year_id_grade_level_id_letter_key" ON "class_group"("year_id", "grade_level_id", "letter");

-- CreateIndex
CREATE UNIQUE INDEX "subgroup_class_group_id_name_key" ON "subgroup"("class_group_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_login_key" ON "app_user"("login");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_school_id_external_id_key" ON "app_user"("school_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "pupil_user_id_key" ON "pupil"("user_id");

-- CreateIndex
CREATE INDEX "pupil_class_group_id_idx" ON "pupil"("class_group_id");

-- CreateIndex
CREATE UNIQUE INDEX "pupil_school_id_external_id_key" ON "pupil"("school_id", "external_id");

-- CreateIndex
CREATE INDEX "guardian_pupil_id_idx" ON "guardian"("pupil_id");

-- CreateIndex
CREATE UNIQUE INDEX "subject_school_id_code_key" ON "subject"("school_id", "code");

-- CreateIndex
CREATE INDEX "teaching_assignment_class_group_id_subject_id_idx" ON "teaching_assignment"("class_group_id", "subject_id");

-- CreateIndex
CREATE UNIQUE INDEX "teaching_assignment_teacher_id_subject_id_class_group_id_key" ON "teaching_assignment"("teacher_id", "subject_id", "class_group_id");

-- CreateIndex
CREATE UNIQUE INDEX "bell_slot_school_id_shift_number_key" ON "bell_slot"("school_id", "shift", "number");

-- CreateIndex
CREATE INDEX "timetable_slot_class_group_id_weekday_idx" ON "timetable_slot"("class_group_id", "weekday");

-- CreateIndex
CREATE INDEX "timetable_slot_teacher_id_weekday_idx" ON "timetable_slot"("teacher_id", "weekday");

-- CreateIndex
CREATE UNIQUE INDEX "plan_item_year_id_subject_id_grade_level_id_position_key" ON "plan_item"("year_id", "subject_id", "grade_level_id", "position");

-- CreateIndex
CREATE INDEX "lesson_class_group_id_date_idx" ON "lesson"("class_group_id", "date");

-- CreateIndex
CREATE INDEX "lesson_teacher_id_date_idx" ON "lesson"("teacher_id", "date");

-- CreateIndex
CREATE UNIQUE INDEX "lesson_class_group_id_date_lesson_number_subject_id_key" ON "lesson"("class_group_id", "date", "lesson_number", "subject_id");

-- CreateIndex
CREATE INDEX "attachment_lesson_id_idx" ON "attachment"("lesson_id");

-- CreateIndex
CREATE INDEX "individual_homework_pupil_id_idx" ON "individual_homework"("pupil_id");

-- CreateIndex
CREATE UNIQUE INDEX "individual_homework_lesson_id_pupil_id_key" ON "individual_homework"("lesson_id", "pupil_id");

-- CreateIndex
CREATE INDEX "mark_pupil_id_date_idx" ON "mark"("pupil_id", "date");

-- CreateIndex
CREATE INDEX "mark_pupil_id_subject_id_idx" ON "mark"("pupil_id", "subject_id");

-- CreateIndex
CREATE UNIQUE INDEX "mark_lesson_id_pupil_id_kind_key" ON "mark"("lesson_id", "pupil_id", "kind");

-- CreateIndex
CREATE INDEX "attendance_pupil_id_date_idx" ON "attendance"("pupil_id", "date");

-- CreateIndex
CREATE UNIQUE INDEX "attendance_lesson_id_pupil_id_key" ON "attendance"("lesson_id", "pupil_id");

-- CreateIndex
CREATE UNIQUE INDEX "final_mark_pupil_id_subject_id_term_id_kind_key" ON "final_mark"("pupil_id", "subject_id", "term_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "substitution_class_group_id_date_lesson_number_key" ON "substitution"("class_group_id", "date", "lesson_number");

-- CreateIndex
CREATE INDEX "thread_participant_user_id_idx" ON "thread_participant"("user_id");

-- CreateIndex
CREATE INDEX "message_thread_id_created_at_idx" ON "message"("thread_id", "created_at");

-- CreateIndex
CREATE INDEX "announcement_school_id_created_at_idx" ON "announcement"("school_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "link_code_code_hash_key" ON "link_code"("code_hash");

-- CreateIndex
CREATE INDEX "telegram_link_user_id_idx" ON "telegram_link"("user_id");

-- CreateIndex
CREATE INDEX "telegram_link_telegram_user_id_idx" ON "telegram_link"("telegram_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "telegram_link_telegram_user_id_user_id_key" ON "telegram_link"("telegram_user_id", "user_id");

-- CreateIndex
CREATE INDEX "outbox_event_published_at_id_idx" ON "outbox_event"("published_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_event_id_chat_id_key" ON "delivery"("event_id", "chat_id");

-- CreateIndex
CREATE INDEX "audit_entry_entity_entity_id_idx" ON "audit_entry"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "audit_entry_school_id_at_idx" ON "audit_entry"("school_id", "at");

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

-- AddForeignKey
ALTER TABLE "school" ADD CONSTRAINT "school_district_id_fkey" FOREIGN KEY ("district_id") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_account" ADD CONSTRAINT "bot_account_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_account" ADD CONSTRAINT "bot_account_district_id_fkey" FOREIGN KEY ("district_id") REFERENCES "district"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "academic_year" ADD CONSTRAINT "academic_year_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "term" ADD CONSTRAINT "term_year_id_fkey" FOREIGN KEY ("year_id") REFERENCES "academic_year"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_scheme" ADD CONSTRAINT "assessment_scheme_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_scheme" ADD CONSTRAINT "assessment_scheme_year_id_fkey" FOREIGN KEY ("year_id") REFERENCES "academic_year"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grade_level" ADD CONSTRAINT "grade_level_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_group" ADD CONSTRAINT "class_group_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_group" ADD CONSTRAINT "class_group_year_id_fkey" FOREIGN KEY ("year_id") REFERENCES "academic_year"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_group" ADD CONSTRAINT "class_group_grade_level_id_fkey" FOREIGN KEY ("grade_level_id") REFERENCES "grade_level"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_group" ADD CONSTRAINT "class_group_class_teacher_id_fkey" FOREIGN KEY ("class_teacher_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subgroup" ADD CONSTRAINT "subgroup_class_group_id_fkey" FOREIGN KEY ("class_group_id") REFERENCES "class_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subgroup_member" ADD CONSTRAINT "subgroup_member_subgroup_id_fkey" FOREIGN KEY ("subgroup_id") REFERENCES "subgroup"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subgroup_member" ADD CONSTRAINT "subgroup_member_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_role" ADD CONSTRAINT "staff_role_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_role" ADD CONSTRAINT "staff_role_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pupil" ADD CONSTRAINT "pupil_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pupil" ADD CONSTRAINT "pupil_class_group_id_fkey" FOREIGN KEY ("class_group_id") REFERENCES "class_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pupil" ADD CONSTRAINT "pupil_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guardian" ADD CONSTRAINT "guardian_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guardian" ADD CONSTRAINT "guardian_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subject" ADD CONSTRAINT "subject_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_assignment" ADD CONSTRAINT "teaching_assignment_year_id_fkey" FOREIGN KEY ("year_id") REFERENCES "academic_year"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_assignment" ADD CONSTRAINT "teaching_assignment_teacher_id_fkey" FOREIGN KEY ("teacher_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_assignment" ADD CONSTRAINT "teaching_assignment_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "subject"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_assignment" ADD CONSTRAINT "teaching_assignment_class_group_id_fkey" FOREIGN KEY ("class_group_id") REFERENCES "class_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_assignment" ADD CONSTRAINT "teaching_assignment_subgroup_id_fkey" FOREIGN KEY ("subgroup_id") REFERENCES "subgroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bell_slot" ADD CONSTRAINT "bell_slot_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timetable_slot" ADD CONSTRAINT "timetable_slot_class_group_id_fkey" FOREIGN KEY ("class_group_id") REFERENCES "class_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timetable_slot" ADD CONSTRAINT "timetable_slot_subgroup_id_fkey" FOREIGN KEY ("subgroup_id") REFERENCES "subgroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timetable_slot" ADD CONSTRAINT "timetable_slot_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "subject"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timetable_slot" ADD CONSTRAINT "timetable_slot_teacher_id_fkey" FOREIGN KEY ("teacher_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_item" ADD CONSTRAINT "plan_item_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_item" ADD CONSTRAINT "plan_item_year_id_fkey" FOREIGN KEY ("year_id") REFERENCES "academic_year"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_item" ADD CONSTRAINT "plan_item_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "subject"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_item" ADD CONSTRAINT "plan_item_grade_level_id_fkey" FOREIGN KEY ("grade_level_id") REFERENCES "grade_level"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lesson" ADD CONSTRAINT "lesson_class_group_id_fkey" FOREIGN KEY ("class_group_id") REFERENCES "class_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lesson" ADD CONSTRAINT "lesson_subgroup_id_fkey" FOREIGN KEY ("subgroup_id") REFERENCES "subgroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lesson" ADD CONSTRAINT "lesson_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "subject"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lesson" ADD CONSTRAINT "lesson_teacher_id_fkey" FOREIGN KEY ("teacher_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lesson" ADD CONSTRAINT "lesson_plan_item_id_fkey" FOREIGN KEY ("plan_item_id") REFERENCES "plan_item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "individual_homework" ADD CONSTRAINT "individual_homework_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "individual_homework" ADD CONSTRAINT "individual_homework_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mark" ADD CONSTRAINT "mark_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mark" ADD CONSTRAINT "mark_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mark" ADD CONSTRAINT "mark_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "subject"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mark" ADD CONSTRAINT "mark_teacher_id_fkey" FOREIGN KEY ("teacher_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "final_mark" ADD CONSTRAINT "final_mark_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "final_mark" ADD CONSTRAINT "final_mark_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "subject"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "final_mark" ADD CONSTRAINT "final_mark_term_id_fkey" FOREIGN KEY ("term_id") REFERENCES "term"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "final_mark" ADD CONSTRAINT "final_mark_teacher_id_fkey" FOREIGN KEY ("teacher_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "substitution" ADD CONSTRAINT "substitution_class_group_id_fkey" FOREIGN KEY ("class_group_id") REFERENCES "class_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "substitution" ADD CONSTRAINT "substitution_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "subject"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "substitution" ADD CONSTRAINT "substitution_absent_teacher_id_fkey" FOREIGN KEY ("absent_teacher_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "substitution" ADD CONSTRAINT "substitution_substitute_teacher_id_fkey" FOREIGN KEY ("substitute_teacher_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_thread" ADD CONSTRAINT "message_thread_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_thread" ADD CONSTRAINT "message_thread_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread_participant" ADD CONSTRAINT "thread_participant_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "message_thread"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread_participant" ADD CONSTRAINT "thread_participant_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "message_thread"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "announcement" ADD CONSTRAINT "announcement_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "announcement" ADD CONSTRAINT "announcement_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "announcement" ADD CONSTRAINT "announcement_class_group_id_fkey" FOREIGN KEY ("class_group_id") REFERENCES "class_group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "link_code" ADD CONSTRAINT "link_code_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "link_code" ADD CONSTRAINT "link_code_pupil_id_fkey" FOREIGN KEY ("pupil_id") REFERENCES "pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "link_code" ADD CONSTRAINT "link_code_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "link_code" ADD CONSTRAINT "link_code_used_by_user_id_fkey" FOREIGN KEY ("used_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telegram_link" ADD CONSTRAINT "telegram_link_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telegram_link" ADD CONSTRAINT "telegram_link_bot_account_id_fkey" FOREIGN KEY ("bot_account_id") REFERENCES "bot_account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preference" ADD CONSTRAINT "notification_preference_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outbox_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "school"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
