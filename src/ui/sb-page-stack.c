/* sb-page-stack.c: the drawing, and a page pushed over it
 *
 * The main window shows the drawing, or one page in its place (the viewer),
 * which Back, Escape and (where libadwaita has it) a swipe take away again.
 * A navigation view from libadwaita 1.4, with its back button, shortcuts
 * and swipe; a sliding stack on libadwaita 1.2, whose page brings its own
 * back button (page.back). Only one page is pushed at a time: a second one
 * replaces the first.
 *
 * "title" is the title of the page on show, for the window's title (what
 * the window list and screen readers say).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-page-stack"

#include "config.h"

#include "sb-page-stack.h"

struct _SbPageStack
{
  GtkWidget   parent_instance;

  GtkWidget  *view;        /* AdwNavigationView or GtkStack */
  GtkWidget  *root;
  char       *root_title;
  GtkWidget  *pushed;      /* the page's own widget, or NULL */
  char       *title_property;  /* the pushed page's, naming its title */
  GWeakRef    return_focus;    /* what had the focus before the page came */
  char       *title;
};

G_DEFINE_FINAL_TYPE (SbPageStack, sb_page_stack, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_PUSHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_title (SbPageStack *self,
           const char  *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
on_pushed_title (SbPageStack *self)
{
  g_autofree char *title = NULL;

  if (self->pushed == NULL || self->title_property == NULL)
    return;
  g_object_get (self->pushed, self->title_property, &title, NULL);
  set_title (self, title);
}

/* The page went (Back, Escape, a swipe or sb_page_stack_pop()). */
static void
forget_pushed (SbPageStack *self)
{
  if (self->pushed == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->pushed, on_pushed_title, self);
  g_clear_pointer (&self->title_property, g_free);
  g_clear_object (&self->pushed);
  set_title (self, self->root_title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUSHED]);
  /* Back where the keyboard was (the gallery picture that opened it), or
   * where the work is. */
  {
    g_autoptr(GtkWidget) focus = g_weak_ref_get (&self->return_focus);

    g_weak_ref_set (&self->return_focus, NULL);
    if (focus == NULL || !gtk_widget_is_ancestor (focus, self->root) || !gtk_widget_get_mapped (focus) ||
        !gtk_widget_grab_focus (focus))
      gtk_widget_grab_focus (self->root);
  }
}

#if ADW_CHECK_VERSION (1, 4, 0)
static void
on_popped (AdwNavigationView *view,
           AdwNavigationPage *page,
           SbPageStack       *self)
{
  if (self->pushed != NULL && adw_navigation_page_get_child (page) == self->pushed)
    forget_pushed (self);
}
#else
/* The page slid away: only now can it go. */
static void
on_transition_running (GtkStack    *stack,
                       GParamSpec  *pspec,
                       SbPageStack *self)
{
  GtkWidget *child;

  if (gtk_stack_get_transition_running (stack))
    return;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (stack)); child != NULL;)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (child != self->root && child != self->pushed && child != gtk_stack_get_visible_child (stack))
        gtk_stack_remove (stack, child);
      child = next;
    }
}
#endif

void
sb_page_stack_pop (SbPageStack *self)
{
  g_return_if_fail (SB_IS_PAGE_STACK (self));

  if (self->pushed == NULL)
    return;
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_navigation_view_pop (ADW_NAVIGATION_VIEW (self->view));
#else
  gtk_stack_set_visible_child_full (GTK_STACK (self->view), "root", GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
  forget_pushed (self);
  on_transition_running (GTK_STACK (self->view), NULL, self);
#endif
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sb_page_stack_pop (SB_PAGE_STACK (widget));
}

/**
 * sb_page_stack_push:
 * @page: shown in place of the drawing, its own header bar included
 * @title_property: (nullable): a string property of @page: its title
 */
void
sb_page_stack_push (SbPageStack *self,
                    GtkWidget   *page,
                    const char  *title_property)
{
  g_autofree char *title = NULL;

  g_return_if_fail (SB_IS_PAGE_STACK (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  if (self->pushed != NULL)
    {
#if ADW_CHECK_VERSION (1, 4, 0)
      /* Replaced, not stacked: Back always goes to the drawing. */
      GtkWidget *old = g_object_ref (self->pushed);
      AdwNavigationPage *root_page = adw_navigation_view_find_page (ADW_NAVIGATION_VIEW (self->view), "root");

      forget_pushed (self);
      adw_navigation_view_pop_to_page (ADW_NAVIGATION_VIEW (self->view), root_page);
      g_object_unref (old);
#else
      forget_pushed (self);
#endif
    }

  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    g_weak_ref_set (&self->return_focus, gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self))));
  self->pushed = g_object_ref (page);
  if (title_property != NULL)
    {
      g_autofree char *signal = g_strconcat ("notify::", title_property, NULL);

      g_object_get (page, title_property, &title, NULL);
      self->title_property = g_strdup (title_property);
      g_signal_connect_swapped (page, signal, G_CALLBACK (on_pushed_title), self);
    }

#if ADW_CHECK_VERSION (1, 4, 0)
  {
    AdwNavigationPage *navigation_page = adw_navigation_page_new (page, title != NULL ? title : "");

    if (title_property != NULL)
      g_object_bind_property (page, title_property, navigation_page, "title", G_BINDING_DEFAULT);
    adw_navigation_view_push (ADW_NAVIGATION_VIEW (self->view), navigation_page);
  }
#else
  gtk_stack_add_child (GTK_STACK (self->view), page);
  gtk_stack_set_transition_type (GTK_STACK (self->view), GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);
  gtk_stack_set_visible_child (GTK_STACK (self->view), page);
  on_transition_running (GTK_STACK (self->view), NULL, self);
#endif
  set_title (self, title != NULL ? title : self->root_title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUSHED]);
  gtk_widget_grab_focus (page);
}

/* Returns: (transfer none) (nullable): the page on show over the drawing */
GtkWidget *
sb_page_stack_get_pushed (SbPageStack *self)
{
  g_return_val_if_fail (SB_IS_PAGE_STACK (self), NULL);

  return self->pushed;
}

static void
sb_page_stack_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SbPageStack *self = SB_PAGE_STACK (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_PUSHED:
      g_value_set_object (value, self->pushed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_page_stack_dispose (GObject *object)
{
  SbPageStack *self = SB_PAGE_STACK (object);

  if (self->pushed != NULL)
    g_signal_handlers_disconnect_by_func (self->pushed, on_pushed_title, self);
  g_clear_object (&self->pushed);
  g_clear_pointer (&self->view, gtk_widget_unparent);

  G_OBJECT_CLASS (sb_page_stack_parent_class)->dispose (object);
}

static void
sb_page_stack_finalize (GObject *object)
{
  SbPageStack *self = SB_PAGE_STACK (object);

  g_weak_ref_clear (&self->return_focus);
  g_free (self->root_title);
  g_free (self->title_property);
  g_free (self->title);

  G_OBJECT_CLASS (sb_page_stack_parent_class)->finalize (object);
}

static void
sb_page_stack_class_init (SbPageStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sb_page_stack_get_property;
  object_class->dispose = sb_page_stack_dispose;
  object_class->finalize = sb_page_stack_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUSHED] =
    g_param_spec_object ("pushed", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* What a page's own back button and Escape ask for. */
  gtk_widget_class_install_action (widget_class, "page.back", NULL, back_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Only a container: never a "filler" named by its type. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
sb_page_stack_init (SbPageStack *self)
{
  g_weak_ref_init (&self->return_focus, NULL);
}

/**
 * sb_page_stack_new:
 * @root: what is shown when no page is: the drawing
 * @root_title: the window's title then
 */
GtkWidget *
sb_page_stack_new (GtkWidget  *root,
                   const char *root_title)
{
  SbPageStack *self = g_object_new (SB_TYPE_PAGE_STACK, NULL);

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  self->root = root;
  self->root_title = g_strdup (root_title);
  self->title = g_strdup (root_title);
#if ADW_CHECK_VERSION (1, 4, 0)
  self->view = adw_navigation_view_new ();
  adw_navigation_view_add (ADW_NAVIGATION_VIEW (self->view), adw_navigation_page_new_with_tag (root, root_title, "root"));
  g_signal_connect (self->view, "popped", G_CALLBACK (on_popped), self);
#else
  self->view = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->view), root, "root");
  g_signal_connect (self->view, "notify::transition-running", G_CALLBACK (on_transition_running), self);
#endif
  gtk_widget_set_parent (self->view, GTK_WIDGET (self));

  return GTK_WIDGET (self);
}
