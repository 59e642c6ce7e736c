package dev.atrium.portal.ui.error;

import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.HttpStatusCode;
import dev.atrium.portal.ui.MainLayout;
import dev.atrium.portal.ui.SignedInUser;
import jakarta.annotation.security.PermitAll;

/** 403 for a page the person is signed in for but whose role they lack (the platform console). */
@ParentLayout(MainLayout.class)
@PermitAll
public class ForbiddenView extends ErrorPage implements HasErrorParameter<AccessDeniedException>, HasDynamicTitle {

  ForbiddenView(SignedInUser user) {
    super(user);
  }

  @Override
  public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
    show(
        VaadinIcon.LOCK,
        "You cannot open this page",
        "/" + event.getLocation().getPath()
            + " is for platform admins. If your work needs it, ask a platform admin for the role.");
    return HttpStatusCode.FORBIDDEN.getCode();
  }

  @Override
  public String getPageTitle() {
    return "Not allowed · Atrium";
  }
}
