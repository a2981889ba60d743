-- CreateTable
CREATE TABLE "last_recommendations" (
    "user_id" INTEGER NOT NULL,
    "model_version" INTEGER NOT NULL,
    "items" JSONB NOT NULL,
    "made_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "last_recommendations_pkey" PRIMARY KEY ("user_id")
);

-- AddForeignKey
ALTER TABLE "last_recommendations" ADD CONSTRAINT "last_recommendations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
