-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "activation_reason" TEXT;
