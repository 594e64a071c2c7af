-- CreateTable
CREATE TABLE "school_directory" (
    "school_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "school_directory_pkey" PRIMARY KEY ("school_id")
);

-- The diary keeps each school's directory (subjects, staff and their names, bells, terms and the
-- classes' timetables) in memory and reads its version with every diary statement. Every change
-- to those rows bumps it in the same transaction, so a diary never shows a directory older than
-- the marks it reads beside it, in any process.

-- The schools a changed row of one of those tables belongs to (r: the row as JSON, or null).
CREATE FUNCTION directory_schools(tbl text, r jsonb) RETURNS SETOF integer LANGUAGE sql STABLE AS $$
  SELECT CASE tbl
           WHEN 'term' THEN (SELECT y.school_id FROM academic_year y WHERE y.id = (r->>'year_id')::int)
           WHEN 'timetable_slot' THEN (SELECT g.school_id FROM class_group g
                                       WHERE g.id = (r->>'class_group_id')::int)
           WHEN 'app_user' THEN NULL
           ELSE (r->>'school_id')::int
         END
  WHERE r IS NOT NULL
  UNION
  SELECT sr.school_id FROM staff_role sr WHERE tbl = 'app_user' AND sr.user_id = (r->>'id')::int
$$;

-- Written with \073 for its semicolons: Prisma's pg adapter splits migration scripts at every
-- semicolon, dollar quotes or not (executeScript in @prisma/adapter-pg).
-- Adding someone to a school's staff first waits for any rename of them still in progress (their
-- row's lock): else the rename, finding no staff role yet, would bump no school while the new role
-- let the school's copy take their old name.
CREATE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_TABLE_NAME = ''staff_role'' AND TG_OP <> ''DELETE'' THEN
    PERFORM 1 FROM app_user WHERE id = NEW.user_id FOR SHARE\073
  END IF\073
  INSERT INTO school_directory AS d (school_id, version)
  SELECT changed.id, 1
  FROM (SELECT directory_schools(TG_TABLE_NAME, to_jsonb(NEW))
        UNION SELECT directory_schools(TG_TABLE_NAME, to_jsonb(OLD))) AS changed(id)
  WHERE changed.id IS NOT NULL
  ON CONFLICT (school_id) DO UPDATE SET version = d.version + 1\073
  RETURN NULL\073
END';

-- Deferred to the commit: a transaction editing several rows takes its school's version row last,
-- once it holds every row it edits, so two editors of one school wait for each other instead of
-- deadlocking (the bump still commits or rolls back with their change).
CREATE CONSTRAINT TRIGGER subject_directory AFTER INSERT OR UPDATE OR DELETE ON subject
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_version();
CREATE CONSTRAINT TRIGGER bell_slot_directory AFTER INSERT OR UPDATE OR DELETE ON bell_slot
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_version();
CREATE CONSTRAINT TRIGGER term_directory AFTER INSERT OR UPDATE OR DELETE ON term
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_version();
CREATE CONSTRAINT TRIGGER timetable_slot_directory AFTER INSERT OR UPDATE OR DELETE ON timetable_slot
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_version();
CREATE CONSTRAINT TRIGGER staff_role_directory AFTER INSERT OR UPDATE OR DELETE ON staff_role
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_version();
-- A user's names, as teacher names in the diaries of every school where they hold a staff role.
CREATE CONSTRAINT TRIGGER app_user_directory AFTER UPDATE OF last_name, first_name, patronymic
  ON app_user DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.last_name IS DISTINCT FROM NEW.last_name OR OLD.first_name IS DISTINCT FROM NEW.first_name
        OR OLD.patronymic IS DISTINCT FROM NEW.patronymic)
  EXECUTE FUNCTION bump_directory_version();
