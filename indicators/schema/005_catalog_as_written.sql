-- The catalog as the plan writes it: targets left to a higher level, who publishes the figures and when a
-- yearly result arrives, a milestone's due month, joint leads with why each unit leads, restatements.
ALTER TABLE indicators ADD COLUMN target_pending BOOLEAN DEFAULT false;
ALTER TABLE indicators ADD COLUMN figures_from VARCHAR;
ALTER TABLE indicators ADD COLUMN result_month INTEGER;
ALTER TABLE indicators ADD COLUMN due_month INTEGER;
ALTER TABLE indicators ADD COLUMN lead_departments VARCHAR[];
ALTER TABLE indicators ADD COLUMN lead_basis VARCHAR;
ALTER TABLE indicators ADD COLUMN lead_source VARCHAR;
ALTER TABLE indicators ADD COLUMN restatement VARCHAR;
ALTER TABLE areas ADD COLUMN office_source VARCHAR;
