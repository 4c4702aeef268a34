/* test-style.c: the eight styles and their names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "sb-enums.h"
#include "sb-style.h"

/* The service's own values, verbatim from the reference. */
static const char *wire_values[] = {
  "<auto>", "<3d cartoon>", "<anime>", "<oil painting>",
  "<watercolor>", "<sketch>", "<chinese painting>", "<flat illustration>",
};

static const char *cli_names[] = {
  "auto", "3d-cartoon", "anime", "oil-painting",
  "watercolor", "sketch", "chinese-painting", "flat-illustration",
};

static void
test_style_wire_values (void)
{
  g_assert_cmpint (SB_N_STYLES, ==, G_N_ELEMENTS (wire_values));

  for (SbStyle style = 0; style < SB_N_STYLES; style++)
    {
      SbStyle parsed = -1;

      g_assert_cmpstr (sb_style_to_wire (style), ==, wire_values[style]);
      g_assert_true (sb_style_from_wire (wire_values[style], &parsed));
      g_assert_cmpint (parsed, ==, style);
    }
}

static void
test_style_nicks (void)
{
  for (SbStyle style = 0; style < SB_N_STYLES; style++)
    {
      SbStyle parsed = -1;

      g_assert_cmpstr (sb_style_to_nick (style), ==, cli_names[style]);
      g_assert_true (sb_style_from_nick (cli_names[style], &parsed));
      g_assert_cmpint (parsed, ==, style);
    }
}

static void
test_style_rejects_unknown (void)
{
  static const char *bad[] = { "", "auto", "<Auto>", "<3d-cartoon>", "<watercolour>", " <anime>" };
  SbStyle style = SB_STYLE_ANIME;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (sb_style_from_wire (bad[i], &style));
  g_assert_false (sb_style_from_wire (NULL, &style));
  g_assert_false (sb_style_from_nick ("<auto>", &style));
  g_assert_false (sb_style_from_nick ("oil_painting", &style));
  g_assert_false (sb_style_from_nick (NULL, &style));

  /* A failed parse leaves the output alone. */
  g_assert_cmpint (style, ==, SB_STYLE_ANIME);
}

static void
test_style_labels (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpstr (sb_style_get_label (SB_STYLE_3D_CARTOON), ==, "3D cartoon");
  g_assert_cmpstr (sb_style_get_label (SB_STYLE_FLAT_ILLUSTRATION), ==, "Flat illustration");

  for (SbStyle style = 0; style < SB_N_STYLES; style++)
    {
      const char *label = sb_style_get_label (style);

      g_assert_nonnull (label);
      g_assert_cmpuint (strlen (label), >, 0);
      g_assert_true (g_hash_table_add (seen, (gpointer) label));
    }
}

/* The GSettings schema stores the style by nick: its enum must be SbStyle's. */
static void
test_style_schema_enum (void)
{
  const char *schema_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) choices = NULL;
  g_autofree const char **nicks = NULL;
  const char *type;
  gsize n_nicks;

  g_assert_nonnull (schema_dir);
  source = g_settings_schema_source_new_from_directory (schema_dir, NULL, TRUE, &error);
  g_assert_no_error (error);
  schema = g_settings_schema_source_lookup (source, SCHEMA_ID, FALSE);
  g_assert_nonnull (schema);
  key = g_settings_schema_get_key (schema, "style");
  range = g_settings_schema_key_get_range (key);
  g_variant_get (range, "(&sv)", &type, &choices);
  g_assert_cmpstr (type, ==, "enum");

  nicks = g_variant_get_strv (choices, &n_nicks);
  g_assert_cmpuint (n_nicks, ==, SB_N_STYLES);
  for (SbStyle style = 0; style < SB_N_STYLES; style++)
    g_assert_cmpstr (nicks[style], ==, sb_style_to_nick (style));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/style/wire-values", test_style_wire_values);
  g_test_add_func ("/style/nicks", test_style_nicks);
  g_test_add_func ("/style/rejects-unknown", test_style_rejects_unknown);
  g_test_add_func ("/style/labels", test_style_labels);
  g_test_add_func ("/style/schema-enum", test_style_schema_enum);

  return g_test_run ();
}
