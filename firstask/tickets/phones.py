"""Phone numbers live in ``firstask.core.phones`` (the field rules use them everywhere)."""

from firstask.core.phones import INVALID_PHONE, mask_phone, normalise_phone

__all__ = ["INVALID_PHONE", "mask_phone", "normalise_phone"]
