/* main.c: sketchbloom-cli, Sketchbloom from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "sb-style.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) styles = g_string_new (NULL);
  gboolean version = FALSE;
  const char *localedir = g_getenv ("SKETCHBLOOM_LOCALEDIR");
  const GOptionEntry entries[] = {
    { "version", 'v', 0, G_OPTION_ARG_NONE, &version, N_("Show the version and quit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  for (SbStyle style = 0; style < SB_N_STYLES; style++)
    g_string_append_printf (styles, "  %-20s %s\n", sb_style_to_nick (style), sb_style_get_label (style));

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Turn sketches into finished pictures with DashScope’s wanx-sketch-to-image-lite."));
  g_string_prepend (styles, "\n");
  g_string_prepend (styles, _("Styles:"));
  g_option_context_set_description (context, styles->str);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("sketchbloom-cli: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      g_print ("sketchbloom-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* Commands (generate, submit, wait, status, cancel) arrive with the
   * DashScope client; until then only --help and --version exist. */
  if (argc > 1)
    g_printerr (_("sketchbloom-cli: unknown command “%s”; see --help\n"), argv[1]);
  else
    g_printerr (_("sketchbloom-cli: no command given; see --help\n"));

  return 2;
}
