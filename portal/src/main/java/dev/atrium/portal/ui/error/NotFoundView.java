package dev.atrium.portal.ui.error;

import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.HttpStatusCode;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.portal.ui.SignedInUser;
import jakarta.annotation.security.PermitAll;

/**
 * 404 for an address with no page, and for a tenant the person does not belong to: both read the
 * same, so that tenants cannot be found out by trying their names.
 */
@ParentLayout(MainLayout.class)
@PermitAll
public class NotFoundView extends ErrorPage implements HasErrorParameter<NotFoundException>, HasDynamicTitle {

  NotFoundView(SignedInUser user) {
    super(user);
  }

  @Override
  public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
    show(
        VaadinIcon.SEARCH,
        "Page not found",
        "There is no page at /" + event.getLocation().getPath()
            + ". The address may be mistyped, or it names a tenant that does not exist or that you do not belong to.");
    return HttpStatusCode.NOT_FOUND.getCode();
  }

  @Override
  public String getPageTitle() {
    return "Not found · Atrium";
  }
}
