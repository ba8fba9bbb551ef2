"""Draws the app icons (a white thread-and-check mark on green) as PNGs with only the standard
library, so they can be regenerated on any machine: python3 tools/make-icons.py"""
import struct
import zlib


def png(path, size, pad):
    green, white = (15, 92, 77), (255, 255, 255)
    rows = []
    r = size * (0.5 - pad)
    c = size / 2
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            dx, dy = x + 0.5 - c, y + 0.5 - c
            inside = max(abs(dx), abs(dy)) <= r
            colour = (246, 247, 245) if not inside and pad > 0 else green
            u, v = (x + 0.5) / size, (y + 0.5) / size
            # A check mark: two thick strokes.
            def near(ax, ay, bx, by, w):
                px, py = u - ax, v - ay
                qx, qy = bx - ax, by - ay
                t = max(0, min(1, (px * qx + py * qy) / (qx * qx + qy * qy)))
                ex, ey = px - t * qx, py - t * qy
                return ex * ex + ey * ey <= w * w
            if inside and (near(0.30, 0.52, 0.45, 0.67, 0.055) or near(0.45, 0.67, 0.72, 0.36, 0.055)):
                colour = white
            row.extend(colour)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", raw))
        f.write(chunk(b"IEND", b""))


png("public/icons/icon-192.png", 192, 0.0)
png("public/icons/icon-512.png", 512, 0.0)
png("public/icons/maskable-512.png", 512, 0.0)
