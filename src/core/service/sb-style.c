/* sb-style.c: the eight styles of wanx-sketch-to-image-lite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-style"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-enums.h"
#include "sb-style.h"

static const struct {
  const char *wire;
  const char *label;
  const char *words;   /* for a model that takes a style only in the prompt */
} styles[SB_N_STYLES] = {
  [SB_STYLE_AUTO]              = { "<auto>",              N_("Auto"),              NULL },
  [SB_STYLE_3D_CARTOON]        = { "<3d cartoon>",        N_("3D cartoon"),        "3D cartoon style" },
  [SB_STYLE_ANIME]             = { "<anime>",             N_("Anime"),             "anime style" },
  [SB_STYLE_OIL_PAINTING]      = { "<oil painting>",      N_("Oil painting"),      "oil painting style" },
  [SB_STYLE_WATERCOLOR]        = { "<watercolor>",        N_("Watercolor"),        "watercolor style" },
  [SB_STYLE_SKETCH]            = { "<sketch>",            N_("Sketch"),            "pencil sketch style" },
  [SB_STYLE_CHINESE_PAINTING]  = { "<chinese painting>",  N_("Chinese painting"),  "traditional Chinese painting style" },
  [SB_STYLE_FLAT_ILLUSTRATION] = { "<flat illustration>", N_("Flat illustration"), "flat illustration style" },
};

static gboolean
style_is_valid (SbStyle style)
{
  return (guint) style < SB_N_STYLES;
}

const char *
sb_style_to_wire (SbStyle style)
{
  g_return_val_if_fail (style_is_valid (style), NULL);

  return styles[style].wire;
}

gboolean
sb_style_from_wire (const char *wire,
                    SbStyle    *style)
{
  g_return_val_if_fail (style != NULL, FALSE);

  for (guint i = 0; wire != NULL && i < SB_N_STYLES; i++)
    {
      if (g_str_equal (wire, styles[i].wire))
        {
          *style = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
sb_style_to_nick (SbStyle style)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SB_TYPE_STYLE);
  GEnumValue *value = g_enum_get_value (klass, style);

  g_return_val_if_fail (value != NULL, NULL);

  /* Nicks live in static storage owned by the registered type. */
  return value->value_nick;
}

gboolean
sb_style_from_nick (const char *nick,
                    SbStyle    *style)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SB_TYPE_STYLE);
  GEnumValue *value;

  g_return_val_if_fail (style != NULL, FALSE);

  if (nick == NULL || (value = g_enum_get_value_by_nick (klass, nick)) == NULL)
    return FALSE;

  *style = value->value;
  return TRUE;
}

/* The label in the user's language. */
const char *
sb_style_get_label (SbStyle style)
{
  g_return_val_if_fail (style_is_valid (style), NULL);

  return _(styles[style].label);
}

/* The style said in English words, as the image-edit model takes it (in the
 * prompt, where the vendor's examples put it); NULL for Auto. */
const char *
sb_style_get_words (SbStyle style)
{
  g_return_val_if_fail (style_is_valid (style), NULL);

  return styles[style].words;
}
