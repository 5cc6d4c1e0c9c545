"""Authenticator apps (TOTP, RFC 6238) through django-otp's TOTP device."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


def pending_device(user: Any) -> TOTPDevice:
    """The user's not yet confirmed device; the same one until it is confirmed or reset."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it when typed (base32, in groups of four)."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` URL as a QR code (SVG data URI; rendered here, no outside service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _clean(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace())


def looks_like_code(code: str) -> bool:
    """Six digits: a code from the app (anything else may be a recovery code)."""
    cleaned = _clean(code)
    return len(cleaned) == 6 and cleaned.isdigit()


def confirm(device: TOTPDevice, code: str) -> bool:
    """Confirm a pending device with a first code from the app."""
    if not device.verify_token(_clean(code)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def verify(user: Any, code: str) -> bool:
    """Check a code against the user's confirmed device (throttled, no code used twice)."""
    device = confirmed_device(user)
    return device is not None and bool(device.verify_token(_clean(code)))
