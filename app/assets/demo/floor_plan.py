"""The demo's floor plan: a clean architectural drawing of one hall's ground floor, drawn with Pillow.

The room rectangles are shared with the demo loader, which places each asset inside the room it stands in.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 1000
# Room name → (left, top, right, bottom) in pixels of the plan image.
ROOMS: dict[str, tuple[int, int, int, int]] = {
    'Pump room': (40, 40, 330, 380),
    'Compressor room': (330, 40, 640, 380),
    'Boiler room': (640, 40, 930, 380),
    'Chiller plant': (930, 40, 1220, 380),
    'Electrical room': (1220, 40, 1390, 380),
    'Workshop': (1390, 40, 1560, 380),
    'Production hall': (40, 460, 1100, 960),
    'Loading dock': (1100, 460, 1390, 960),
    'Offices': (1390, 460, 1560, 710),
    'Stores': (1390, 710, 1560, 960),
}
CORRIDOR = (40, 380, 1560, 460)
# Door gaps: (x, y, horizontal?) centre of a 60 px opening in a wall.
DOORS = [
    (185, 380, True),
    (485, 380, True),
    (785, 380, True),
    (1075, 380, True),
    (1305, 380, True),
    (1475, 380, True),
    (300, 460, True),
    (750, 460, True),
    (1245, 460, True),
    (1390, 585, False),
    (1390, 835, False),
    (1100, 700, False),
]
INK = (38, 50, 56)
FILL = {
    'Production hall': (244, 247, 250),
    'Loading dock': (247, 245, 238),
    'Offices': (246, 243, 250),
    'Stores': (246, 243, 250),
}
ROOM_FILL = (250, 250, 247)
PAPER = (255, 255, 255)
GRID = (226, 232, 240)


def room_point(rng: random.Random, room: str, margin: int = 36) -> tuple[float, float]:
    """A random spot inside a room, away from its walls (pixels, from the top-left corner)."""
    left, top, right, bottom = ROOMS[room]
    return (
        round(rng.uniform(left + margin, right - margin), 1),
        round(rng.uniform(top + margin + 18, bottom - margin), 1),
    )


def draw_plan(title: str, subtitle: str) -> bytes:
    """The plan as PNG bytes: rooms, corridor, doors, column grid, bays, labels, north arrow and scale bar."""
    image = Image.new('RGB', (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    label_font, small_font, title_font = _font(20), _font(14), _font(26)
    _grid(draw)
    for name, box in ROOMS.items():
        draw.rectangle(box, fill=FILL.get(name, ROOM_FILL), outline=INK, width=5)
    draw.rectangle(CORRIDOR, fill=(236, 239, 241), outline=INK, width=5)
    _bays(draw, small_font)
    _columns(draw)
    _stairs(draw, small_font)
    _doors(draw)
    draw.rectangle((40, 40, 1560, 960), outline=INK, width=10)
    for name, (left, top, right, _bottom) in ROOMS.items():
        font = label_font if draw.textlength(name.upper(), font=label_font) < right - left - 24 else small_font
        draw.text(((left + right) / 2, top + 22), name.upper(), fill=INK, font=font, anchor='mt')
    draw.text((560, 420), 'MAIN CORRIDOR', fill=(96, 125, 139), font=small_font, anchor='mm')
    _title_block(draw, title, subtitle, title_font, small_font)
    buffer = io.BytesIO()
    image.save(buffer, format='PNG', optimize=True)
    return buffer.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)  # Pillow's bundled font: the same drawing on every machine


def _grid(draw: ImageDraw.ImageDraw) -> None:
    for x in range(0, WIDTH, 50):
        draw.line((x, 0, x, HEIGHT), fill=(246, 248, 250))
    for y in range(0, HEIGHT, 50):
        draw.line((0, y, WIDTH, y), fill=(246, 248, 250))


def _bays(draw: ImageDraw.ImageDraw, font: ImageFont.ImageFont) -> None:
    left, top, right, bottom = ROOMS['Production hall']
    bay_width = (right - left - 60) / 3
    for index in range(3):
        x0 = left + 30 + index * bay_width
        box = (x0 + 10, top + 70, x0 + bay_width - 10, bottom - 40)
        _dashed_rectangle(draw, box, (144, 164, 174))
        draw.text(((box[0] + box[2]) / 2, box[3] - 16), f'BAY {index + 1}', fill=(96, 125, 139), font=font, anchor='mm')
        # A conveyor run down the middle of each bay.
        middle = (box[0] + box[2]) / 2
        draw.rectangle((middle - 12, box[1] + 30, middle + 12, box[3] - 40), outline=GRID, width=2)
        for y in range(int(box[1]) + 40, int(box[3]) - 40, 16):
            draw.line((middle - 12, y, middle + 12, y), fill=GRID)


def _columns(draw: ImageDraw.ImageDraw) -> None:
    for x in range(40, 1561, 190):
        for y in (40, 460, 710, 960):
            draw.rectangle((x - 7, y - 7, x + 7, y + 7), fill=INK)


def _stairs(draw: ImageDraw.ImageDraw, font: ImageFont.ImageFont) -> None:
    left, top, right, bottom = 1400, 388, 1550, 452
    draw.rectangle((left, top, right, bottom), outline=INK, width=2, fill=PAPER)
    for x in range(left + 10, right, 12):
        draw.line((x, top, x, bottom), fill=INK, width=1)
    draw.text((left - 8, (top + bottom) / 2), 'STAIRS TO LEVEL 1', fill=INK, font=font, anchor='rm')


def _doors(draw: ImageDraw.ImageDraw) -> None:
    for x, y, horizontal in DOORS:
        if horizontal:
            draw.line((x - 30, y, x + 30, y), fill=PAPER, width=9)
            draw.line((x - 30, y, x - 30, y - 55), fill=INK, width=2)
            draw.arc((x - 85, y - 55, x + 25, y + 55), 270, 360, fill=INK, width=1)
        else:
            draw.line((x, y - 30, x, y + 30), fill=PAPER, width=9)
            draw.line((x, y - 30, x + 55, y - 30), fill=INK, width=2)
            draw.arc((x - 55, y - 30, x + 55, y + 80), 270, 360, fill=INK, width=1)


def _title_block(
    draw: ImageDraw.ImageDraw, title: str, subtitle: str, title_font: ImageFont.ImageFont, font: ImageFont.ImageFont
) -> None:
    draw.rectangle((1100, 968, 1560, 996), fill=PAPER)
    draw.text((42, 982), title, fill=INK, font=title_font, anchor='lm')
    draw.text((1558, 982), subtitle, fill=(96, 125, 139), font=font, anchor='rm')
    # Scale bar: 100 px = 10 m.
    draw.line((1120, 20, 1320, 20), fill=INK, width=3)
    for index, x in enumerate(range(1120, 1321, 100)):
        draw.line((x, 14, x, 26), fill=INK, width=2)
        draw.text((x, 30), f'{index * 10} m', fill=INK, font=font, anchor='mt')
    # North arrow.
    draw.polygon([(1520, 8), (1510, 32), (1530, 32)], fill=INK)
    draw.text((1545, 20), 'N', fill=INK, font=font, anchor='lm')


def _dashed_rectangle(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], color: tuple) -> None:
    left, top, right, bottom = box
    for start in range(int(left), int(right), 18):
        draw.line((start, top, min(start + 10, right), top), fill=color, width=2)
        draw.line((start, bottom, min(start + 10, right), bottom), fill=color, width=2)
    for start in range(int(top), int(bottom), 18):
        draw.line((left, start, left, min(start + 10, bottom)), fill=color, width=2)
        draw.line((right, start, right, min(start + 10, bottom)), fill=color, width=2)
