"""WeChat message encryption (安全模式 and 兼容模式) with wechatpy's ``WeChatCrypto``.

In these modes WeChat adds ``encrypt_type=aes`` and ``msg_signature`` to the query and puts the message,
AES-256-CBC encrypted with the account's EncodingAESKey and ending with its AppID, in ``<Encrypt>``.
``msg_signature`` is SHA-1 of the sorted token, timestamp, nonce and ciphertext. The reply goes back
encrypted the same way. While the key is being changed, the previous key (``WECHAT_AES_KEY_PREVIOUS``) is
also tried, and a reply is encrypted with the key that opened the message.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
from dataclasses import dataclass
from typing import Optional

from wechatpy.crypto import WeChatCrypto

from bot.settings import Settings


class CryptoError(Exception):
    """An encrypted message that cannot be accepted: the status (400/403) and a message naming the setting."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def msg_signature(token: str, timestamp: str, nonce: str, encrypted: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypted])).encode("utf-8")).hexdigest()


def valid_aes_key(key: str) -> bool:
    """An EncodingAESKey is 43 characters of base64 that decode (with "=") to 32 bytes."""
    if len(key) != 43:
        return False
    try:
        return len(binascii.a2b_base64(key + "=")) == 32
    except (binascii.Error, ValueError):
        return False


@dataclass(frozen=True)
class Opened:
    """A decrypted message and the crypto that opened it (to encrypt the reply with the same key)."""

    xml: bytes
    crypto: WeChatCrypto


def _cryptos(settings: Settings) -> list[WeChatCrypto]:
    keys = [k for k in (settings.wechat_aes_key, settings.wechat_aes_key_previous) if k]
    return [WeChatCrypto(settings.wechat_token, key, settings.wechat_appid) for key in keys if valid_aes_key(key)]


def open_message(settings: Settings, encrypted: str, signature: Optional[str], timestamp: str,
                 nonce: str) -> Opened:
    """Check ``msg_signature`` and decrypt; CryptoError when the signature, key or AppID does not fit."""
    if not settings.wechat_aes_key or not settings.wechat_appid:
        raise CryptoError(400, "encrypted message (安全模式/兼容模式) but WECHAT_AES_KEY and WECHAT_APPID are not "
                               "both set: set them to the EncodingAESKey and AppID of the Official Account")
    if not signature:
        raise CryptoError(403, "missing msg_signature for an encrypted message")
    expected = msg_signature(settings.wechat_token, timestamp, nonce, encrypted)
    if not hmac.compare_digest(expected.encode("ascii"), signature.strip().lower().encode("utf-8", "replace")):
        raise CryptoError(403, "invalid msg_signature (does WECHAT_TOKEN match the token in 服务器配置?)")
    for crypto in _cryptos(settings):
        try:
            # (the signature is checked above in constant time; wechatpy checks it again, then decrypts)
            text = crypto.decrypt_message({"Encrypt": encrypted}, expected, timestamp, nonce)
        except Exception:  # noqa: BLE001 - wrong key: bad padding, garbage bytes, another AppID; try the next
            continue
        return Opened(text.encode("utf-8"), crypto)
    raise CryptoError(403, "cannot decrypt the message with WECHAT_AES_KEY (or WECHAT_AES_KEY_PREVIOUS), or it "
                           "is for another AppID than WECHAT_APPID")


def seal(opened: Opened, reply_xml: str, nonce: str, timestamp: str) -> str:
    """The encrypted reply envelope (Encrypt, MsgSignature, TimeStamp, Nonce)."""
    return opened.crypto.encrypt_message(reply_xml, nonce, timestamp)
