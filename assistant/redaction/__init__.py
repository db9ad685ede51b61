"""Redact passwords, private keys, API keys and tokens from a user's chat message.

Why: the official guide asks customers to give a VM's root password to the support centre, so customers paste
passwords (and sometimes keys or tokens) into the chat. The chat engine calls `redact_secrets` first thing, before
the message is stored, logged, sent to retrieval or shown back, so no secret value gets past this function.

Only the secret *value* is replaced: "root 패스워드는 Abc123! 입니다" becomes "root 패스워드는 [REDACTED] 입니다", so
the question stays readable and answerable. Ordinary questions about passwords ("비밀번호는 어디로 보내나요?",
"What is the password policy?") are left untouched.

Every pattern is linear (bounded quantifiers or single-class runs, no nested repetition) and every rule is skipped
unless a cheap substring test finds its trigger, so a 100 000-character message is safe and a chat message takes
well under a millisecond. Standard library only.

Disguised input is seen through: detection runs on an NFKC-normalised copy with invisible (format) characters
removed, so "ｐａｓｓｗｏｒｄ： Ａｂｃ１２３！" or a soft hyphen inside "비밀번호" hides nothing. When that copy holds a
secret, the returned text is the redacted copy (NFKC, no format characters: what the engine stores anyway); a
message without a secret is always returned exactly as it came.

Kinds reported: "password" (also PINs, account/password pairs like "root/P@ssw0rd" and command-line passwords like
"mysql -pX" or "sshpass -p X"), "private_key", "api_key" (also an AWS secret access key), "token",
"connection_string" and "preshared_key" (a VPN/IPsec pre-shared key).
"""

from assistant.redaction.redactor import Redaction, redact_secrets
from assistant.redaction.rule import REDACTED

__all__ = ["REDACTED", "Redaction", "redact_secrets"]
