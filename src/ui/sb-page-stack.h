/* sb-page-stack.h: the drawing, and a page pushed over it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SB_TYPE_PAGE_STACK (sb_page_stack_get_type ())

G_DECLARE_FINAL_TYPE (SbPageStack, sb_page_stack, SB, PAGE_STACK, GtkWidget)

GtkWidget  *sb_page_stack_new        (GtkWidget   *root,
                                      const char  *root_title);
void        sb_page_stack_push       (SbPageStack *self,
                                      GtkWidget   *page,
                                      const char  *title_property);
void        sb_page_stack_pop        (SbPageStack *self);
GtkWidget  *sb_page_stack_get_pushed (SbPageStack *self);

G_END_DECLS
