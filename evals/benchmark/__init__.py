"""`python -m assistant bench`: speed, throughput, memory and scale of the product beside a naive RAG."""
