"""All configuration in one place, read from `ASSISTANT_*` environment variables (or a `.env` file).

Nothing reads the environment at import time: call `Settings()` (or `load_settings()`) where it is needed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "load_settings"]


class Settings(BaseSettings):
    """Every setting, its default and its environment variable (the README's configuration table)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Where the index (and later sessions) are kept.")
    embedding_backend: Literal["use-v3", "sentence-transformers"] = Field(
        "use-v3", description="Dense embedding backend: multilingual USE v3 (numpy) or sentence-transformers."
    )
    embedding_model: str = Field(
        "all-MiniLM-L6-v2",
        description="sentence-transformers model: a name (local cache or a package that ships it) or a path.",
    )
    embedding_threads: int | None = Field(
        None,
        ge=1,
        le=64,
        description="Embedding threads: torch threads for sentence-transformers; for USE, lanes that embed a build's "
        "batches side by side (one BLAS thread each). Default: the cores available (max 2 for USE).",
    )
    concurrent_turns: int | None = Field(
        None,
        ge=1,
        le=64,
        description="Chat turns one server worker computes at once (the rest queue); default: its cores.",
    )
    allow_model_download: bool = Field(False, description="Let sentence-transformers download a model from the hub.")
    chroma_url: str | None = Field(
        None, description="Chroma server URL (e.g. http://localhost:8000); empty: embedded store under data_dir."
    )
    chroma_timeout_s: float = Field(
        10.0, gt=0, le=300, description="How long one request to a Chroma server may take before it counts as down."
    )
    index_name: str = Field(
        "guide",
        pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$",
        description="Name of the index's vector collections: replicas sharing a Chroma server use the same name, "
        "different deployments different names.",
    )
    search_k: int = Field(5, ge=1, le=100, description="Sections returned by a search.")
    max_query_chars: int = Field(2000, ge=10, le=100_000, description="Longest accepted query.")
    max_message_chars: int = Field(4000, ge=10, le=100_000, description="Longest accepted chat message.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL for sessions and feedback (e.g. postgresql+psycopg://…); "
        "empty: SQLite in WAL mode at <data dir>/assistant.db.",
    )
    rate_limit: str = Field(
        "120/minute",
        description="Requests one client may send to the API (/v1/...), e.g. '120/minute'; 'off' for none.",
    )
    rate_limit_storage: str = Field(
        "memory://",
        description="Where request counts are kept (the `limits` library's URI): memory:// counts per process; "
        "redis://host:6379 lets replicas count together.",
    )
    admin_api_key: SecretStr | None = Field(
        None,
        min_length=16,
        description="Key for the admin endpoints (/v1/admin/...), sent as 'Authorization: Bearer <key>'; "
        "empty: the admin endpoints are off.",
    )
    mcp_api_key: SecretStr | None = Field(
        None,
        min_length=16,
        description="Key for the MCP endpoint (/mcp), sent as 'Authorization: Bearer <key>'; empty: the admin key "
        "guards it, and with neither key /mcp is off.",
    )
    index_follow_s: float = Field(
        2.0,
        gt=0,
        le=3600,
        description="With a Chroma server and a shared database: how often a replica looks for a newer index "
        "another replica published (after a reindex), in seconds.",
    )
    log_key: SecretStr | None = Field(
        None,
        min_length=16,
        description="Key of the hash that stands for a session id in logs; set the same on every replica to follow "
        "one conversation across them. Empty: a key made once and kept in the data dir.",
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Web origins allowed to call the API from a browser, as a JSON list "
        '(e.g. ["https://portal.example.com"]); empty: none (the page itself is same-origin).',
    )
    max_body_bytes: int = Field(65_536, ge=1024, le=10_000_000, description="Largest accepted HTTP request body.")
    llm: str | None = Field(
        None,
        description="Optional chat model for phrasing answers, as LangChain's init_chat_model names it "
        "(e.g. 'ollama:qwen2.5'); empty: deterministic answers only.",
    )
    llm_timeout_s: float = Field(20.0, gt=0, le=600, description="Timeout of one language-model call.")
    public_url: str | None = Field(
        None,
        description="The address customers reach the assistant's page at (e.g. https://help.example.com): agent "
        "drafts link the guide there. Empty: the address of the request (HTTP) or relative links (CLI).",
    )

    @field_validator("public_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.match(r"^https?://[^\s/]+", value.strip()):
            raise ValueError(f"'{value}' is not a web address such as https://help.example.com")
        return value.strip().rstrip("/")

    @field_validator("rate_limit")
    @classmethod
    def _readable_rate(cls, value: str) -> str:
        if value.strip().lower() in ("", "off", "none"):
            return "off"
        from limits import parse

        try:
            parse(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a rate such as '120/minute' (second, minute, hour or day)") from None
        return value

    @field_validator("cors_origins")
    @classmethod
    def _explicit_origins(cls, origins: list[str]) -> list[str]:
        import re

        for origin in origins:
            if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?", origin):
                raise ValueError(f"'{origin}' is not an origin such as https://portal.example.com (no '*', no path)")
        return origins

    @property
    def rate_limit_on(self) -> bool:
        return self.rate_limit != "off"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (e.g. CLI options) on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
