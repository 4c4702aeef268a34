/* validate-ui.c: gtk4-builder-tool validate, with libadwaita and our widgets
 *
 * gtk4-builder-tool validate cannot check a template whose parent is a
 * libadwaita type, or a file that uses our own widgets: it knows neither.
 * This does what it does (a stand-in type for the template class, then
 * GtkBuilder on the file) in a process that knows both.
 *
 * Usage: validate-ui FILE.ui
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sb-window.h"

/* Every handler the file names resolves here: their names are the code's
 * business; the file must only be well-formed and name real signals. */
void sb_validate_ui_noop (void);

void
sb_validate_ui_noop (void)
{
}

/* The class the template declares, and its parent. */
static gboolean
find_template (const char  *contents,
               char       **class_name,
               char       **parent_name)
{
  g_autoptr(GRegex) regex = g_regex_new ("<template\\s+class=\"([^\"]+)\"\\s+parent=\"([^\"]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, contents, 0, &match))
    return FALSE;
  *class_name = g_match_info_fetch (match, 1);
  *parent_name = g_match_info_fetch (match, 2);
  return TRUE;
}

/* AdwBin → adw_bin_get_type (), as GtkBuilder resolves types it has not seen. */
static GType
resolve_type (const char *name)
{
  GType type = g_type_from_name (name);
  g_autoptr(GString) symbol = g_string_new (NULL);
  GModule *self = g_module_open (NULL, 0);
  GType (*get_type) (void) = NULL;
  gboolean found;

  if (type != G_TYPE_INVALID)
    return type;
  for (const char *c = name; *c != '\0'; c++)
    {
      if (g_ascii_isupper (*c) && c != name && !g_ascii_isupper (c[-1]))
        g_string_append_c (symbol, '_');
      g_string_append_c (symbol, g_ascii_tolower (*c));
    }
  g_string_append (symbol, "_get_type");
  found = g_module_symbol (self, symbol->str, (gpointer *) &get_type);
  g_module_close (self);
  return found ? get_type () : G_TYPE_INVALID;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *class_name = NULL;
  g_autofree char *parent_name = NULL;
  g_autoptr(GObject) object = NULL;

  if (argc != 2)
    g_error ("usage: validate-ui FILE.ui");
  gtk_init ();
  adw_init ();
  g_type_ensure (SB_TYPE_WINDOW);   /* our widgets' code is linked in */
  g_assert_true (g_file_get_contents (argv[1], &contents, NULL, NULL));
  {
    g_autoptr(GRegex) handlers = g_regex_new ("handler=\"[^\"]+\"", 0, 0, NULL);
    char *plain = g_regex_replace_literal (handlers, contents, -1, 0, "handler=\"sb_validate_ui_noop\"", 0, NULL);

    g_free (contents);
    contents = plain;
  }

  builder = gtk_builder_new ();
  if (find_template (contents, &class_name, &parent_name))
    {
      GType parent = resolve_type (parent_name);
      GType template_type;
      GTypeQuery query;

      if (parent == G_TYPE_INVALID)
        {
          g_printerr ("%s: no such parent type %s\n", argv[1], parent_name);
          return 1;
        }
      /* A stand-in for the class, so only this file's template is applied. */
      g_type_query (parent, &query);
      template_type = g_type_register_static_simple (parent, "SbValidated", query.class_size, NULL,
                                                     query.instance_size, NULL, 0);
      object = g_object_ref_sink (g_object_new (template_type, NULL));
      g_free (class_name);
      class_name = g_strdup ("SbValidated");
      {
        g_autoptr(GRegex) rename = g_regex_new ("<template\\s+class=\"[^\"]+\"", 0, 0, NULL);
        g_autofree char *renamed = g_regex_replace_literal (rename, contents, -1, 0, "<template class=\"SbValidated\"", 0, NULL);

        if (!gtk_builder_extend_with_template (builder, object, template_type, renamed, -1, &error))
          {
            g_printerr ("%s: %s\n", argv[1], error->message);
            return 1;
          }
      }
    }
  else if (!gtk_builder_add_from_string (builder, contents, -1, &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  g_print ("%s: valid\n", argv[1]);
  return 0;
}
