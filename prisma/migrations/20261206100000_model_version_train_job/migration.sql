-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "train_job_id" TEXT;
