/* sb-engine.c: the table of engines
 *
 * An engine is a DashScope model (and, for a model of many functions, the
 * function used): what it costs, what it takes, its limits, where it is
 * served and how its request is built. The client, the queue, the history,
 * the usage ledger, the CLI, the simulator and the window all read this
 * table, so a new model is one file (its row) and one line here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-engine.h"
#include "sb-error.h"
#include "sb-image-probe.h"
#include "sb-limits.h"

static const SbEngine *engines[] = {
  &sb_engine_sketch_lite,   /* first: the default, the model this app was made for */
  &sb_engine_doodle,
  &sb_engine_enlarge,
  &sb_engine_repaint,
  &sb_engine_extend,
  &sb_engine_colorize,
  &sb_engine_change,
  NULL,                     /* room for sb_engine_add_test_row() */
  NULL,
};

static guint
n_rows (void)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (engines) && engines[n] != NULL)
    n++;
  return n;
}

/* All rows, the default first. */
const SbEngine * const *
sb_engine_get_all (guint *n_engines)
{
  *n_engines = n_rows ();
  return engines;
}

/* NULL for an id no row has. */
const SbEngine *
sb_engine_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < n_rows (); i++)
    if (g_str_equal (engines[i]->id, id))
      return engines[i];

  return NULL;
}

const SbEngine *
sb_engine_get_default (void)
{
  return engines[0];
}

/* The @index-th engine that draws, in the table's order (the composer's
 * list, a sweep's variants); NULL past the last. */
const SbEngine *
sb_engine_get_drawing (guint index)
{
  for (guint i = 0; i < n_rows (); i++)
    if (engines[i]->kind == SB_ENGINE_DRAWS && index-- == 0)
      return engines[i];

  return NULL;
}

void
sb_engine_add_test_row (const SbEngine *row)
{
  guint n = n_rows ();

  g_return_if_fail (row != NULL && row->id != NULL && sb_engine_lookup (row->id) == NULL);
  g_return_if_fail (n + 1 < G_N_ELEMENTS (engines));

  engines[n] = row;
}

gboolean
sb_engine_takes (const SbEngine *self,
                 SbEngineTakes   what)
{
  return (self->takes & what) == what;
}

gboolean
sb_engine_serves (const SbEngine *self,
                  SbRegion        region)
{
  /* A custom address may be a proxy, a gateway or the simulator: it is
   * the user's to know what it serves. */
  return region == SB_REGION_CUSTOM || (self->regions & SB_REGION_BIT (region)) != 0;
}

/* FALSE for a region no drawing engine is served in. */
gboolean
sb_engine_region_serves_any (SbRegion region)
{
  for (guint i = 0; i < n_rows (); i++)
    if (engines[i]->kind == SB_ENGINE_DRAWS && sb_engine_serves (engines[i], region))
      return TRUE;

  return FALSE;
}

const char *
sb_engine_get_label (const SbEngine *self)
{
  return _(self->label);
}

const char *
sb_engine_get_best_at (const SbEngine *self)
{
  return _(self->best_at);
}

char *
sb_engine_describe_price (const SbEngine *self)
{
  /* Translators: an engine's price: CNY per picture, then its free quota */
  return g_strdup_printf (_("%.2f CNY a picture, the first %u free"), self->price_cny, self->free_images);
}

/* "China (Beijing)", or a list: the regions that serve @self. */
char *
sb_engine_describe_regions (const SbEngine *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (SbRegion region = 0; region < SB_REGION_CUSTOM; region++)
    if (sb_engine_serves (self, region))
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", sb_region_get_label (region));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "sketch-lite, doodle": the ids of one kind, for messages and --help. */
char *
sb_engine_list_ids (SbEngineKind kind)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_rows (); i++)
    if (engines[i]->kind == kind)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", engines[i]->id);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * sb_engine_make_inline:
 * @png: a whole picture (PNG, as the canvas makes it, or JPEG, WEBP, BMP, TIFF)
 * @growth: how many times larger a side of the result is, at most (1 but
 *   when enlarging or extending: sb_params_get_growth())
 *
 * The picture as @self takes it inline, a data: URI, once it is checked
 * against the engine's limits (what the service would refuse after a
 * create is refused here, before anything is sent).
 */
char *
sb_engine_make_inline (const SbEngine  *self,
                       GBytes          *png,
                       double           growth,
                       GError         **error)
{
  gsize size;
  const guchar *data = g_bytes_get_data (png, &size);
  g_autofree char *encoded = NULL;
  guint width = 0, height = 0;

  static const char *types[] = {
    [SB_IMAGE_PNG] = "image/png", [SB_IMAGE_JPEG] = "image/jpeg", [SB_IMAGE_WEBP] = "image/webp",
    [SB_IMAGE_BMP] = "image/bmp", [SB_IMAGE_TIFF] = "image/tiff",
  };
  SbImageFormat format = sb_image_probe (data, size, &width, &height);

  if (format == SB_IMAGE_UNKNOWN || format >= G_N_ELEMENTS (types) || !sb_image_is_whole (data, size))
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                           _("The picture to send is not a whole PNG, JPEG, WEBP, BMP or TIFF image"));
      return NULL;
    }
  if (size > self->max_image_bytes)
    {
      g_autofree char *has = g_format_size (size);
      g_autofree char *takes = g_format_size (self->max_image_bytes);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The picture is %s; %s takes at most %s"),
                   has, sb_engine_get_label (self), takes);
      return NULL;
    }
  if ((int) width < self->min_side || (int) height < self->min_side ||
      (int) width > self->max_side || (int) height > self->max_side)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("The picture is %u×%u pixels; %s takes %d to %d pixels a side"),
                   width, height, sb_engine_get_label (self), self->min_side, self->max_side);
      return NULL;
    }

  /* A result larger than the app takes would be paid for and never seen. */
  if (MAX (width, height) * MAX (growth, 1.0) > SB_IMAGE_MAX_SIDE + 0.5)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("The picture is %u×%u pixels; %g times larger it would pass %d pixels a side"),
                   width, height, growth, SB_IMAGE_MAX_SIDE);
      return NULL;
    }

  encoded = g_base64_encode (data, size);
  return g_strconcat ("data:", types[format], ";base64,", encoded, NULL);
}
