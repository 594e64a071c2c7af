-- CreateIndex
CREATE INDEX "class_group_class_teacher_id_idx" ON "class_group"("class_teacher_id");

-- CreateIndex
CREATE INDEX "substitution_date_idx" ON "substitution"("date");

-- CreateIndex
CREATE INDEX "substitution_substitute_teacher_id_date_idx" ON "substitution"("substitute_teacher_id", "date");

-- CreateIndex
CREATE INDEX "substitution_absent_teacher_id_date_idx" ON "substitution"("absent_teacher_id", "date");
