/* sb-image-probe.c: an image's format and size, read from its header alone
 *
 * A 875 KB PNG can declare 30000×30000 pixels: decoded, 3.6 GB. Every image
 * from outside (results, imported sketches, gallery thumbnails, the viewer)
 * is probed here first, and only the formats DashScope documents (PNG, JPEG,
 * WEBP, BMP) of a sane size are handed to a decoder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-image-probe"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sb-error.h"
#include "sb-bounded-file.h"
#include "sb-image-probe.h"
#include "sb-limits.h"

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint
be16 (const guint8 *p)
{
  return ((guint) p[0] << 8) | p[1];
}

static guint
le16 (const guint8 *p)
{
  return ((guint) p[1] << 8) | p[0];
}

static guint32
le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static guint
le24 (const guint8 *p)
{
  return ((guint) p[2] << 16) | ((guint) p[1] << 8) | p[0];
}

/* JPEG: the first start-of-frame marker's height and width. */
static gboolean
probe_jpeg (const guint8 *data,
            gsize         length,
            guint        *width,
            guint        *height)
{
  gsize i = 2;

  while (i + 4 <= length)
    {
      guint8 marker;
      guint size;

      if (data[i] != 0xff)
        return FALSE;
      marker = data[i + 1];
      if (marker == 0xff)   /* fill byte */
        {
          i++;
          continue;
        }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          i += 2;
          continue;
        }
      size = be16 (data + i + 2);
      if (size < 2)
        return FALSE;
      /* SOF0..SOF15, less DHT (C4), JPG (C8) and DAC (CC). */
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          if (i + 9 > length)
            return FALSE;
          *height = be16 (data + i + 5);
          *width = be16 (data + i + 7);
          return TRUE;
        }
      i += 2 + size;
    }

  return FALSE;
}

/* WEBP: lossy (VP8), lossless (VP8L) or extended (VP8X) headers. */
static gboolean
probe_webp (const guint8 *data,
            gsize         length,
            guint        *width,
            guint        *height)
{
  const guint8 *chunk = data + 12;

  if (length < 30)
    return FALSE;
  if (memcmp (chunk, "VP8 ", 4) == 0)
    {
      if (chunk[11] != 0x9d || chunk[12] != 0x01 || chunk[13] != 0x2a)
        return FALSE;
      *width = (chunk[14] | (chunk[15] << 8)) & 0x3fff;
      *height = (chunk[16] | (chunk[17] << 8)) & 0x3fff;
      return TRUE;
    }
  if (memcmp (chunk, "VP8L", 4) == 0)
    {
      guint32 bits = le32 (chunk + 9);

      if (chunk[8] != 0x2f)
        return FALSE;
      *width = (bits & 0x3fff) + 1;
      *height = ((bits >> 14) & 0x3fff) + 1;
      return TRUE;
    }
  if (memcmp (chunk, "VP8X", 4) == 0)
    {
      *width = le24 (chunk + 12) + 1;
      *height = le24 (chunk + 15) + 1;
      return TRUE;
    }
  return FALSE;
}

/* TIFF: ImageWidth (256) and ImageLength (257) in the first directory. */
static gboolean
probe_tiff (const guint8 *data,
            gsize         length,
            guint        *width,
            guint        *height)
{
  gboolean little = data[0] == 'I';
  guint32 offset = little ? le32 (data + 4) : be32 (data + 4);
  guint count;

  if (offset < 8 || offset > length - 2)
    return FALSE;
  count = little ? le16 (data + offset) : be16 (data + offset);
  for (guint i = 0; i < count; i++)
    {
      gsize entry = offset + 2 + (gsize) i * 12;
      guint tag, type;
      guint32 value;

      if (entry + 12 > length)
        return FALSE;
      tag = little ? le16 (data + entry) : be16 (data + entry);
      type = little ? le16 (data + entry + 2) : be16 (data + entry + 2);
      if (type == 3)   /* SHORT */
        value = little ? le16 (data + entry + 8) : be16 (data + entry + 8);
      else             /* LONG */
        value = little ? le32 (data + entry + 8) : be32 (data + entry + 8);
      if (tag == 256)
        *width = value;
      else if (tag == 257)
        *height = value;
    }
  return *width > 0 && *height > 0;
}

/**
 * sb_image_probe:
 *
 * Returns: the format, with @width and @height from the header; or
 * %SB_IMAGE_UNKNOWN for anything else (SVG, GIF, TIFF, a header cut short).
 */
SbImageFormat
sb_image_probe (const guint8 *data,
                gsize         length,
                guint        *width,
                guint        *height)
{
  static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  *width = *height = 0;

  if (length >= 24 && memcmp (data, png_signature, 8) == 0 && memcmp (data + 12, "IHDR", 4) == 0)
    {
      *width = be32 (data + 16);
      *height = be32 (data + 20);
      return SB_IMAGE_PNG;
    }
  if (length >= 4 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return probe_jpeg (data, length, width, height) ? SB_IMAGE_JPEG : SB_IMAGE_UNKNOWN;
  if (length >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return probe_webp (data, length, width, height) ? SB_IMAGE_WEBP : SB_IMAGE_UNKNOWN;
  if (length >= 8 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return probe_tiff (data, length, width, height) ? SB_IMAGE_TIFF : SB_IMAGE_UNKNOWN;
  if (length >= 26 && data[0] == 'B' && data[1] == 'M')
    {
      gint32 w = (gint32) le32 (data + 18), h = (gint32) le32 (data + 22);

      /* A negative height means top-down rows. */
      *width = w > 0 ? (guint) w : 0;
      *height = h == G_MININT32 ? 0 : (guint) ABS (h);
      return SB_IMAGE_BMP;
    }

  return SB_IMAGE_UNKNOWN;
}

static gboolean
check (const guint8  *data,
       gsize          length,
       guint          max_side,
       gboolean       tiff_too,
       GError       **error)
{
  guint width, height;
  SbImageFormat format = sb_image_probe (data, length, &width, &height);

  if (format == SB_IMAGE_UNKNOWN || (format == SB_IMAGE_TIFF && !tiff_too))
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                           _("not a PNG, JPEG, WEBP or BMP picture"));
      return FALSE;
    }
  if (width == 0 || height == 0 || width > max_side || height > max_side)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("a picture of %u×%u pixels; at most %u×%u are accepted"), width, height, max_side, max_side);
      return FALSE;
    }
  return TRUE;
}

/* Refuses what is not a PNG, JPEG, WEBP or BMP of at most @max_side pixels
 * a side, before anything decodes it. */
gboolean
sb_image_check (const guint8  *data,
                gsize          length,
                guint          max_side,
                GError       **error)
{
  return check (data, length, max_side, FALSE, error);
}

/* A picture to import as the sketch: TIFF scans too, up to
 * SB_IMPORT_MAX_SIDE. */
gboolean
sb_image_check_import (const guint8  *data,
                       gsize          length,
                       GError       **error)
{
  return check (data, length, SB_IMPORT_MAX_SIDE, TRUE, error);
}

/* FALSE for a file cut short: decoders fill a truncated PNG or JPEG in with
 * grey and call it a success, and the service would bill for the result.
 * Each format's own end: PNG's IEND chunk, JPEG's end-of-image marker,
 * the length WEBP and BMP declare. */
gboolean
sb_image_is_whole (const guint8 *data,
                   gsize         length)
{
  static const guint8 iend[] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
  guint width, height;

  switch (sb_image_probe (data, length, &width, &height))
    {
    case SB_IMAGE_PNG:
      return length >= sizeof iend && memcmp (data + length - sizeof iend, iend, sizeof iend) == 0;
    case SB_IMAGE_JPEG:
      return length >= 4 && data[length - 2] == 0xff && data[length - 1] == 0xd9;
    case SB_IMAGE_WEBP:
      return (guint64) le32 (data + 4) + 8 <= length;
    case SB_IMAGE_BMP:
      return le32 (data + 2) <= length;
    case SB_IMAGE_TIFF:
      return TRUE;   /* its strips may lie anywhere; the decoder judges */
    case SB_IMAGE_UNKNOWN:
    default:
      return FALSE;
    }
}

/* The same for a file: only its first 64 KB are read (a JPEG's frame header
 * can follow its metadata). Blocking: call from a worker thread. */
gboolean
sb_image_check_file (const char  *path,
                     guint        max_side,
                     GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  /* A regular file only: a FIFO in its place would never answer. */
  g_autoptr(GBytes) head = sb_bounded_file_read_head (file, 65536, NULL, error);

  if (head == NULL)
    return FALSE;

  return sb_image_check (g_bytes_get_data (head, NULL), g_bytes_get_size (head), max_side, error);
}

/**
 * sb_image_looks_grey:
 * @pixels: rows of @channels bytes a pixel, red, green and blue first
 *
 * Whether a picture is a drawing with no colour (line art, a pencil
 * sketch, a black-and-white picture), so colouring it makes sense: no
 * more than one pixel in a hundred whose channels differ by more than a
 * JPEG's noise.
 */
gboolean
sb_image_looks_grey (const guint8 *pixels,
                     int           width,
                     int           height,
                     gsize         stride,
                     int           channels)
{
  gsize coloured = 0;

  g_return_val_if_fail (pixels != NULL && width > 0 && height > 0 && channels >= 3, FALSE);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + (gsize) x * channels;
        int spread = MAX (MAX (p[0], p[1]), p[2]) - MIN (MIN (p[0], p[1]), p[2]);

        coloured += spread > 24;
      }
  return coloured * 100 <= (gsize) width * height;
}
