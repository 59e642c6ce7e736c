package dev.atrium.portal.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.PWA;
import com.vaadin.flow.theme.Theme;
import com.vaadin.flow.theme.lumo.Lumo;

/** Page-wide settings of the portal: Lumo, and server push so that task states change live. */
@Push
@Theme(themeClass = Lumo.class)
@PWA(name = "Atrium", shortName = "Atrium")
public class AppShell implements AppShellConfigurator {}
