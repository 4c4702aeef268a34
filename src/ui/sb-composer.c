/* sb-composer.c: the prompt and the parameters Generate sends
 *
 * Prompt (with its counter), style, sketch weight, image count, Generate,
 * and the pre-flight line that says what Generate will send. The style,
 * weight and count persist in GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-adaptive-bin.h"
#include "sb-composer.h"
#include "sb-limits.h"
#include "sb-style.h"
#include "sb-upload-method.h"
#include "sb-widget-compat.h"

struct _SbComposer
{
  GtkBox         parent_instance;

  GSettings     *settings;
  SbSketch      *sketch;

  GtkEntry      *prompt_entry;
  GtkLabel      *prompt_counter;
  GtkDropDown   *style_dropdown;
  GtkLabel      *weight_label;
  GtkScale      *weight_scale;
  GtkAdjustment *weight_adjustment;
  GtkAdjustment *count_adjustment;
  GtkButton     *generate_button;
  GtkWidget     *options;
  GtkWidget     *style_group;
  GtkWidget     *weight_group;
  GtkWidget     *count_group;
  GtkWidget     *generate_group;
  GtkLabel      *preflight_label;
  GtkLabel      *request_label;
  gboolean       prompt_fitted;   /* as last notified */
};

G_DEFINE_FINAL_TYPE (SbComposer, sb_composer, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_PROMPT_FITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Whether the prompt is within what DashScope takes: Generate waits for it. */
gboolean
sb_composer_get_prompt_fits (SbComposer *self)
{
  g_return_val_if_fail (SB_IS_COMPOSER (self), FALSE);

  return gtk_entry_buffer_get_length (gtk_entry_get_buffer (self->prompt_entry)) <= SB_PROMPT_MAX_CHARS;
}

/* What is past the limit is marked in the entry itself; nothing typed is
 * dropped, so the artist decides what to cut. On ::changed, once the entry
 * has taken the text in (its layout and cursor), and only while there is
 * something to mark or unmark. */
static void
mark_overflow (SbComposer *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->prompt_entry));
  g_autoptr(PangoAttrList) attributes = NULL;
  gboolean over = !sb_composer_get_prompt_fits (self);

  if (!over && gtk_entry_get_attributes (self->prompt_entry) == NULL)
    return;

  attributes = pango_attr_list_new ();
  if (over)
    {
      guint start = g_utf8_offset_to_pointer (text, SB_PROMPT_MAX_CHARS) - text;
      PangoAttribute *background = pango_attr_background_new (0xe000, 0x1b00, 0x2400);
      PangoAttribute *alpha = pango_attr_background_alpha_new (0x3000);
      PangoAttribute *underline = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);

      background->start_index = alpha->start_index = underline->start_index = start;
      pango_attr_list_insert (attributes, background);
      pango_attr_list_insert (attributes, alpha);
      pango_attr_list_insert (attributes, underline);
    }
  gtk_entry_set_attributes (self->prompt_entry, over ? attributes : NULL);
}

static void
update_prompt_counter (SbComposer *self)
{
  GtkEntryBuffer *buffer = gtk_entry_get_buffer (self->prompt_entry);
  guint length = gtk_entry_buffer_get_length (buffer);   /* characters, not bytes */
  g_autofree char *text = g_strdup_printf ("%u/%d", length, SB_PROMPT_MAX_CHARS);
  g_autofree char *description = NULL;
  gboolean fits = length <= SB_PROMPT_MAX_CHARS;

  gtk_label_set_label (self->prompt_counter, text);

  if (length == SB_PROMPT_MAX_CHARS)
    gtk_widget_add_css_class (GTK_WIDGET (self->prompt_counter), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->prompt_counter), "warning");
  if (!fits)
    gtk_widget_add_css_class (GTK_WIDGET (self->prompt_counter), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->prompt_counter), "error");
  if (fits != self->prompt_fitted)
    {
      self->prompt_fitted = fits;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT_FITS]);
    }

  description = g_strdup_printf (_("%u of %d characters used"), length, SB_PROMPT_MAX_CHARS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->prompt_counter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
update_weight_label (SbComposer *self)
{
  int weight = (int) gtk_adjustment_get_value (self->weight_adjustment);
  g_autofree char *text = g_strdup_printf (_("Sketch weight: %d"), weight);

  gtk_label_set_label (self->weight_label, text);
}

static gboolean
is_url_method (SbComposer *self)
{
  return self->settings != NULL && g_settings_get_enum (self->settings, "upload-method") == SB_UPLOAD_METHOD_URL;
}

/**
 * sb_composer_get_params:
 *
 * Returns: (transfer full): what Generate sends, as set now
 */
SbParams *
sb_composer_get_params (SbComposer *self)
{
  SbParams *params = sb_params_new ();

  sb_params_set_prompt (params, gtk_editable_get_text (GTK_EDITABLE (self->prompt_entry)));
  sb_params_set_style (params, gtk_drop_down_get_selected (self->style_dropdown));
  sb_params_set_sketch_weight (params, (int) gtk_adjustment_get_value (self->weight_adjustment));
  sb_params_set_count (params, (int) gtk_adjustment_get_value (self->count_adjustment));
  /* The canvas's extraction and pen colours describe the canvas only. */
  if (self->sketch != NULL && !is_url_method (self))
    {
      sb_params_set_sketch_extraction (params, sb_sketch_get_extraction (self->sketch));
      sb_sketch_apply_colors (self->sketch, params);
    }

  return params;
}

/* The prompt, style, weight and count of an earlier generation. */
void
sb_composer_set_params (SbComposer *self,
                        SbParams   *params)
{
  gtk_editable_set_text (GTK_EDITABLE (self->prompt_entry), sb_params_get_prompt (params));
  gtk_drop_down_set_selected (self->style_dropdown, sb_params_get_style (params));
  gtk_adjustment_set_value (self->weight_adjustment, sb_params_get_sketch_weight (params));
  gtk_adjustment_set_value (self->count_adjustment, sb_params_get_count (params));
}

const char *
sb_composer_get_prompt (SbComposer *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->prompt_entry));
}

void
sb_composer_focus_prompt (SbComposer *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_entry));
}

/* "sketch_color [[r,g,b],…]" or "black lines", and whether edges are found. */
static char *
describe_sketch (SbComposer *self,
                 SbParams   *params)
{
  g_autofree char *lines = NULL;
  guint n_colors;
  const SbColor *colors = sb_params_get_colors (params, &n_colors);

  if (is_url_method (self))
    {
      g_autofree char *url = g_settings_get_string (self->settings, "sketch-url");

      /* Translators: the sketch sent is at this web address */
      return g_markup_printf_escaped (_("the sketch at %s"), url);
    }

  if (n_colors == 0)
    lines = g_markup_escape_text (_("black lines"), -1);
  else
    {
      /* Plain words and a dot of each colour (the numbers are in Details). */
      g_autofree char *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "lines in %u colour",
                                                             "lines in %u colours", n_colors), n_colors);
      g_autofree char *escaped = g_markup_escape_text (words, -1);
      GString *text = g_string_new (NULL);

      g_string_append_printf (text, "%s ", escaped);
      for (guint i = 0; i < n_colors; i++)
        g_string_append_printf (text, "<span foreground=\"#%02x%02x%02x\">●</span>",
                                colors[i].red, colors[i].green, colors[i].blue);
      lines = g_string_free (text, FALSE);
    }
  return g_strdup_printf ("%s · %s", lines,
                          sb_params_get_sketch_extraction (params) ? _("line extraction on")
                                                                   : _("line extraction off"));
}

/* Details: the very JSON Generate will send, the sketch's address as it
 * will be once uploaded. */
static void
update_request (SbComposer *self,
                SbParams   *params)
{
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *json = NULL;

  if (is_url_method (self))
    url = g_settings_get_string (self->settings, "sketch-url");
  else
    /* Translators: stands for the sketch's address in the request shown; it is known once uploaded */
    url = g_strdup (_("(the sketch, once uploaded)"));
  request = sb_params_build_request (params, url);
  json = json_to_string (request, TRUE);
  gtk_label_set_label (self->request_label, json);
}

/* What Generate will send, in one line: the prompt (the part past the
 * limit struck out), style, weight, count, line colours, extraction. */
static void
update_preflight (SbComposer *self)
{
  g_autoptr(SbParams) params = sb_composer_get_params (self);
  const char *prompt = sb_params_get_prompt (params);
  int count = sb_params_get_count (params);
  g_autofree char *prompt_markup = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *sketch = describe_sketch (self, params);
  g_autofree char *style = g_markup_escape_text (sb_style_get_label (sb_params_get_style (params)), -1);
  g_autofree char *markup = NULL;

  /* Too long: why Generate is off, where the artist looks for it. */
  if (g_utf8_strlen (prompt, -1) > SB_PROMPT_MAX_CHARS)
    {
      guint over = g_utf8_strlen (prompt, -1) - SB_PROMPT_MAX_CHARS;
      g_autofree char *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "Generate waits: the prompt is %u character longer than DashScope takes (%d)",
                                                              "Generate waits: the prompt is %u characters longer than DashScope takes (%d)",
                                                              over),
                                                 over, SB_PROMPT_MAX_CHARS);

      gtk_label_set_label (self->preflight_label, reason);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->preflight_label), reason);
      gtk_widget_add_css_class (GTK_WIDGET (self->preflight_label), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->preflight_label), "error");
  prompt_markup = g_markup_printf_escaped ("“%s”", prompt);

  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d image", "%d images", count), count);
  /* Translators: what Generate sends: prompt · style · weight · image count · the sketch */
  markup = g_strdup_printf (_("Sends %s · %s · weight %d · %s · %s"), prompt_markup, style,
                            sb_params_get_sketch_weight (params), count_text, sketch);
  /* One line that never grows (the whole of it in the tooltip): drawing or
   * typing never moves the canvas. */
  gtk_label_set_markup (self->preflight_label, markup);
  gtk_widget_set_tooltip_markup (GTK_WIDGET (self->preflight_label), markup);
  update_request (self, params);
}

/**
 * sb_composer_bind:
 * @settings: where the style, weight and count persist
 * @sketch: the sketch whose colours and extraction are sent
 */
void
sb_composer_bind (SbComposer *self,
                  GSettings  *settings,
                  SbSketch   *sketch)
{
  g_return_if_fail (SB_IS_COMPOSER (self));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  self->sketch = g_object_ref (sketch);
  sb_settings_bind_enum_position (settings, "style", self->style_dropdown, "selected");
  g_settings_bind (settings, "sketch-weight", self->weight_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "image-count", self->count_adjustment, "value", G_SETTINGS_BIND_DEFAULT);

  /* The pre-flight line follows everything it shows. */
  g_signal_connect_object (sketch, "edited", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sketch, "notify::extraction", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::upload-method", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::sketch-url", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  update_preflight (self);
}

static void
setup_weight_scale (SbComposer *self)
{
  gtk_adjustment_set_lower (self->weight_adjustment, SB_SKETCH_WEIGHT_MIN);
  gtk_adjustment_set_upper (self->weight_adjustment, SB_SKETCH_WEIGHT_MAX);
  gtk_adjustment_set_value (self->weight_adjustment, SB_SKETCH_WEIGHT_DEFAULT);

  for (int i = SB_SKETCH_WEIGHT_MIN; i <= SB_SKETCH_WEIGHT_MAX; i++)
    {
      const char *markup = NULL;

      if (i == SB_SKETCH_WEIGHT_MIN)
        markup = _("Loosely");
      else if (i == SB_SKETCH_WEIGHT_MAX)
        markup = _("Strictly");

      gtk_scale_add_mark (self->weight_scale, i, GTK_POS_BOTTOM, markup);
    }
}

static void
sb_composer_dispose (GObject *object)
{
  SbComposer *self = SB_COMPOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_COMPOSER);
  g_clear_object (&self->settings);
  g_clear_object (&self->sketch);

  G_OBJECT_CLASS (sb_composer_parent_class)->dispose (object);
}

static void
sb_composer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SbComposer *self = SB_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_PROMPT_FITS:
      g_value_set_boolean (value, sb_composer_get_prompt_fits (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
place (SbComposer *self,
       GtkWidget  *group,
       int         column,
       int         row)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (self->options);
  GtkGridLayoutChild *child = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, group));

  gtk_grid_layout_child_set_column (child, column);
  gtk_grid_layout_child_set_row (child, row);
}

/* One row of style, weight, count and Generate; or, without room for it,
 * two: style and count, then the weight beside Generate. Both read (and
 * Tab through) left to right, top to bottom. */
static void
on_options_fit_changed (SbComposer    *self,
                        GParamSpec    *pspec,
                        SbAdaptiveBin *fit)
{
  gboolean narrow = sb_adaptive_bin_get_compact (fit);

  place (self, self->style_group, 0, 0);
  place (self, self->weight_group, narrow ? 0 : 1, narrow ? 1 : 0);
  place (self, self->count_group, narrow ? 1 : 2, 0);
  place (self, self->generate_group, narrow ? 1 : 3, narrow ? 1 : 0);
}

static void
sb_composer_class_init (SbComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_composer_dispose;

  g_type_ensure (SB_TYPE_ADAPTIVE_BIN);
  object_class->get_property = sb_composer_get_property;

  /**
   * SbComposer:prompt-fits:
   *
   * The prompt is no longer than DashScope takes.
   */
  properties[PROP_PROMPT_FITS] =
    g_param_spec_boolean ("prompt-fits", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, SbComposer, prompt_entry);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, prompt_counter);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, style_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, weight_label);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, weight_scale);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, weight_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, generate_button);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, options);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, style_group);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, weight_group);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, count_group);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, generate_group);
  gtk_widget_class_bind_template_callback (widget_class, on_options_fit_changed);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, preflight_label);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, request_label);
}

static void
sb_composer_init (SbComposer *self)
{
  g_autoptr(GListModel) styles = sb_style_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button by its label property *and* the label it is
   * labelled by, so screen readers would say "Generate Generate". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->generate_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  /* Newer GTK labels a drop-down by its selected item, which outranks the
   * label we give it: screen readers would say "Auto", not "Style". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->style_dropdown),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  sb_name_inner_button (GTK_WIDGET (self->style_dropdown), _("Style"));

  self->prompt_fitted = TRUE;
  g_signal_connect_object (gtk_entry_get_buffer (self->prompt_entry), "notify::length",
                           G_CALLBACK (update_prompt_counter), self, G_CONNECT_SWAPPED);
  update_prompt_counter (self);

  gtk_drop_down_set_model (self->style_dropdown, styles);
  sb_drop_down_set_fixed_width (self->style_dropdown);

  setup_weight_scale (self);
  g_signal_connect_object (self->weight_adjustment, "value-changed",
                           G_CALLBACK (update_weight_label), self, G_CONNECT_SWAPPED);
  update_weight_label (self);

  gtk_adjustment_set_lower (self->count_adjustment, SB_IMAGE_COUNT_MIN);
  gtk_adjustment_set_upper (self->count_adjustment, SB_IMAGE_COUNT_MAX);
  gtk_adjustment_set_value (self->count_adjustment, SB_IMAGE_COUNT_DEFAULT);

  g_signal_connect_object (self->prompt_entry, "changed", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->prompt_entry, "changed", G_CALLBACK (mark_overflow), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->style_dropdown, "notify::selected", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->weight_adjustment, "value-changed", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->count_adjustment, "value-changed", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
}
