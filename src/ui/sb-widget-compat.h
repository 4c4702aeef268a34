/* sb-widget-compat.h: the one place that picks between Debian 12's widgets
 * and their successors on a current GNOME runtime
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian 12 has GTK 4.8 and libadwaita 1.2; the Flatpak runs a current GNOME
 * whose toolkit deprecates several of those widgets. Each split is one small
 * helper here, so the rest of the UI reads the same on both.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The preferences: AdwPreferencesDialog (libadwaita 1.5) or AdwPreferencesWindow. */
#if ADW_CHECK_VERSION (1, 5, 0)
# define SB_PREFERENCES_PARENT       AdwPreferencesDialog
# define SB_PREFERENCES_PARENT_TYPE  ADW_TYPE_PREFERENCES_DIALOG
#else
# define SB_PREFERENCES_PARENT       AdwPreferencesWindow
# define SB_PREFERENCES_PARENT_TYPE  ADW_TYPE_PREFERENCES_WINDOW
#endif

void        sb_prefs_dialog_set_size     (GtkWidget    *preferences,
                                            int           width,
                                            int           height);
void        sb_prefs_dialog_present      (GtkWidget    *preferences,
                                            GtkWidget    *parent);
void        sb_prefs_dialog_set_focus    (GtkWidget    *preferences,
                                          GtkWidget    *focus);
void        sb_prefs_dialog_close        (GtkWidget    *preferences);
void        sb_prefs_dialog_add_toast    (GtkWidget    *preferences,
                                            AdwToast     *toast);

/* A question: AdwAlertDialog (1.5) or AdwMessageDialog. Both emit
 * "response" (widget, const char *response). */
GtkWidget  *sb_alert_new                   (const char   *heading,
                                            const char   *body);
void        sb_alert_add_response          (GtkWidget    *alert,
                                            const char   *id,
                                            const char   *label,
                                            AdwResponseAppearance appearance);
void        sb_alert_set_responses         (GtkWidget    *alert,
                                            const char   *default_response,
                                            const char   *close_response);
void        sb_alert_present               (GtkWidget    *alert,
                                            GtkWindow    *parent);
GtkWidget  *sb_alert_find                  (GtkWindow    *parent);
const char *sb_alert_get_heading           (GtkWidget    *alert);
void        sb_alert_respond               (GtkWidget    *alert,
                                            const char   *id);

/* About: AdwAboutDialog built from the metainfo (1.5), or AdwAboutWindow. */
void        sb_about_present               (GtkWindow    *parent);
GtkWidget  *sb_about_find                  (GtkWindow    *parent);

/* The gallery beside the drawing, sliding over it in a narrow window:
 * AdwOverlaySplitView folded by an AdwBreakpoint on the window (1.4), or
 * AdwFlap, which folds itself when both do not fit. "narrow" on the window
 * follows it either way. */
GtkWidget  *sb_split_new                   (AdwApplicationWindow *window,
                                            GtkWidget    *content,
                                            GtkWidget    *sidebar);
const char *sb_split_get_folded_property   (void);
const char *sb_split_get_revealed_property (void);

/* A file through the file chooser portal: GtkFileDialog (4.10) or
 * GtkFileChooserNative. */
typedef enum {
  SB_CHOOSE_OPEN,
  SB_CHOOSE_SAVE,
  SB_CHOOSE_FOLDER,
} SbChooseMode;

void        sb_choose_file_async           (GtkWindow          *parent,
                                            SbChooseMode        mode,
                                            const char         *title,
                                            const char         *accept_label,
                                            GtkFileFilter      *filter,
                                            GFile              *initial_folder,
                                            const char         *initial_name,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GFile      *sb_choose_file_finish          (GAsyncResult       *result,
                                            GError            **error);

/* The file's folder in the file manager (the OpenURI portal in a sandbox):
 * GtkFileLauncher (4.10), which also selects the file, or gtk_show_uri. */
void        sb_show_in_folder_async        (GtkWindow           *parent,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    sb_show_in_folder_finish       (GAsyncResult        *result,
                                            GError             **error);
void        sb_open_file_async             (GtkWindow           *parent,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);


/* The styles' labels in order, after @first (e.g. "All styles") if given:
 * a model for drop-downs and combo rows. */
GListModel *sb_style_list_new              (const char   *first);

/* An enum key bound to a list position ("selected"), in the schema's order. */
void        sb_settings_bind_enum_position (GSettings    *settings,
                                            const char   *key,
                                            gpointer      object,
                                            const char   *property);

void        sb_hide_tooltips_over_menus  (GtkWidget    *root);
void        sb_grab_focus_when_mapped    (GtkWidget    *widget);
void        sb_style_as_canvas_bar       (GtkWidget    *bar);
void        sb_set_new_tooltip           (GtkWidget    *widget,
                                          const char   *text);
void        sb_set_tooltip_markup_if_new (GtkWidget    *widget,
                                          const char   *markup);

void        sb_name_inner_button         (GtkWidget    *widget,
                                          const char   *name);
void        sb_drop_down_set_fixed_width (GtkDropDown  *drop_down);

G_END_DECLS
