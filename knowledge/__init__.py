"""The guide as a knowledge base: sources, ingestion and the bilingual hybrid index."""
