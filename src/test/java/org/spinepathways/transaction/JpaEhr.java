package org.spinepathways.transaction;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.dbcp2.BasicDataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * A real FHIR server with storage, standing in for an EHR: HAPI FHIR's JPA server (8.8.0) on an in-memory H2 database,
 * served by Jetty on a random loopback port. Referential integrity is on (HAPI's default): a reference to a resource
 * the server does not hold is refused.
 */
public final class JpaEhr implements AutoCloseable {

  private final AnnotationConfigApplicationContext spring;
  private final Server jetty;
  private final String baseUrl;

  private JpaEhr(AnnotationConfigApplicationContext spring, Server jetty, String baseUrl) {
    this.spring = spring;
    this.jetty = jetty;
    this.baseUrl = baseUrl;
  }

  public static JpaEhr start() throws Exception {
    AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext(EhrConfig.class);
    RestfulServer fhir = new RestfulServer(spring.getBean(FhirContext.class));
    fhir.registerProviders(spring.getBean(ResourceProviderFactory.class).createProviders());
    fhir.registerProvider(spring.getBean(JpaSystemProvider.class));
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(fhir), "/fhir/*");
    jetty.setHandler(context);
    jetty.start();
    return new JpaEhr(spring, jetty, "http://127.0.0.1:" + connector.getLocalPort() + "/fhir");
  }

  public String baseUrl() {
    return baseUrl;
  }

  DaoRegistry daos() {
    return spring.getBean(DaoRegistry.class);
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
    spring.close();
  }

  /** The JPA server's Spring configuration: R4, H2 in memory, the schema created by Hibernate. */
  @Configuration
  @Import({JpaR4Config.class, HapiJpaConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class,
      ThreadPoolFactoryConfig.class, SubscriptionChannelConfig.class})
  public static class EhrConfig {

    @Bean
    public JpaStorageSettings storageSettings() {
      JpaStorageSettings settings = new JpaStorageSettings();
      settings.setAllowExternalReferences(false);
      return settings;
    }

    @Bean
    public PartitionSettings partitionSettings() {
      return new PartitionSettings();
    }

    @Bean
    public DataSource dataSource() {
      BasicDataSource ds = new BasicDataSource();
      ds.setDriver(new org.h2.Driver());
      ds.setUrl("jdbc:h2:mem:ehr-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      ds.setUsername("sa");
      ds.setPassword("");
      ds.setMaxTotal(10);
      ds.setMaxWait(Duration.ofSeconds(30));
      return ds;
    }

    @Bean
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(ConfigurableListableBeanFactory beans,
        FhirContext fhirContext, JpaStorageSettings settings, DataSource dataSource) {
      LocalContainerEntityManagerFactoryBean factory =
          HapiEntityManagerFactoryUtil.newEntityManagerFactory(beans, fhirContext, settings);
      factory.setPersistenceUnitName("EHR");
      factory.setDataSource(dataSource);
      Properties jpa = new Properties();
      jpa.put("hibernate.dialect", HapiFhirH2Dialect.class.getName());
      jpa.put("hibernate.hbm2ddl.auto", "update");
      jpa.put("hibernate.search.enabled", "false");
      jpa.put("hibernate.format_sql", "false");
      jpa.put("hibernate.show_sql", "false");
      factory.setJpaProperties(jpa);
      return factory;
    }

    @Bean
    @Primary
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
      return new JpaTransactionManager(entityManagerFactory);
    }
  }
}
