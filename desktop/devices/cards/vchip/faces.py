"""Generated face images for fictitious persons (no real photograph is ever shipped)."""

from __future__ import annotations

import io
import random
from functools import lru_cache

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 240, 320


def _portrait(seed: str) -> Image.Image:
    """A simple drawn portrait whose colours and noise depend on `seed` (deterministic)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT), (rng.randint(190, 235), rng.randint(200, 235), 240))
    draw = ImageDraw.Draw(image)
    skin = (rng.randint(150, 240), rng.randint(110, 200), rng.randint(90, 170))
    hair = (rng.randint(20, 120), rng.randint(10, 80), rng.randint(0, 60))
    draw.ellipse((40, 250, 200, 420), fill=(rng.randint(20, 90), rng.randint(20, 90), rng.randint(60, 140)))
    draw.rectangle((100, 200, 140, 260), fill=skin)
    draw.ellipse((60, 40 + rng.randint(-5, 5), 180, 230), fill=hair)
    draw.ellipse((70, 70, 170, 225), fill=skin)
    for eye_x in (95, 145):
        draw.ellipse((eye_x - 9, 130, eye_x + 9, 142), fill="white")
        draw.ellipse((eye_x - 4, 132, eye_x + 4, 140), fill=(rng.randint(30, 90), rng.randint(40, 110), 60))
    draw.line((120, 140, 115, 175, 124, 178), fill=(120, 80, 60), width=2)
    draw.arc((100, 180, 140, 205), 20, 160, fill=(150, 60, 60), width=3)
    # Sensor-like noise: real photos compress to 12-20 KB, which is what readers must handle.
    pixels = image.load()
    assert pixels is not None
    for _ in range(9000):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        r, g, b = pixels[x, y]  # type: ignore[misc]
        delta = rng.randint(-18, 18)
        pixels[x, y] = (max(0, min(255, r + delta)), max(0, min(255, g + delta)), max(0, min(255, b + delta)))
    return image


@lru_cache(maxsize=32)
def face_bytes(seed: str, image_format: str, target_bytes: int = 15000) -> bytes:
    """The portrait encoded as JPEG or JPEG 2000, as close under `target_bytes` as the encoder allows."""
    image = _portrait(seed)
    if image_format == "jpeg2000":
        out = io.BytesIO()
        ratio = max(1.0, WIDTH * HEIGHT * 3 / target_bytes)
        image.save(out, format="JPEG2000", quality_mode="rates", quality_layers=[ratio], irreversible=True)
        return out.getvalue()
    best = b""
    low, high = 10, 95
    while low <= high:  # binary search on quality: at most 7 encodes
        quality = (low + high) // 2
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=quality)
        if out.tell() <= target_bytes:
            best, low = out.getvalue(), quality + 1
        else:
            high = quality - 1
    if not best:
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=10)
        best = out.getvalue()
    return best
